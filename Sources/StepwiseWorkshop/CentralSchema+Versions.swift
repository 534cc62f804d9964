/// The tables of published instruction sets (migration 5): each version once, with its YAML and
/// pictures, and what each station installed or refused.
extension CentralSchema {
    static let publishedSets = [
        // `published_seq` orders publications: the latest version is the one published last, so
        // publishing an older version again (a rollback) makes it the latest.
        """
        CREATE TABLE instruction_version (
            instruction_set text NOT NULL,
            version text NOT NULL,
            content_hash text NOT NULL,
            yaml bytea NOT NULL,
            author text NOT NULL,
            note text NOT NULL DEFAULT '',
            published_at timestamptz NOT NULL DEFAULT now(),
            published_seq bigint NOT NULL,
            PRIMARY KEY (instruction_set, version))
        """,
        "CREATE SEQUENCE instruction_publication",
        "CREATE INDEX instruction_version_latest ON instruction_version (instruction_set, published_seq DESC)",
        """
        CREATE TABLE instruction_picture (
            instruction_set text NOT NULL,
            version text NOT NULL,
            path text NOT NULL,
            bytes bytea NOT NULL,
            PRIMARY KEY (instruction_set, version, path),
            FOREIGN KEY (instruction_set, version) REFERENCES instruction_version ON DELETE CASCADE)
        """,
        // One row per version a station's uplink installed or refused (with the located errors).
        """
        CREATE TABLE station_set_change (
            id bigserial PRIMARY KEY,
            station_id text NOT NULL,
            instruction_set text NOT NULL,
            from_version text,
            to_version text NOT NULL,
            content_hash text NOT NULL,
            outcome text NOT NULL CHECK (outcome IN ('installed', 'refused')),
            detail text NOT NULL DEFAULT '',
            changed_steps text NOT NULL DEFAULT '',
            at timestamptz NOT NULL DEFAULT now())
        """,
        "CREATE INDEX station_set_change_station ON station_set_change (station_id, at)",
    ]
}
