/// The tables of the first central migration. SQL lives here so that the migration list reads as
/// a list; partitions of `quality_record` are made by `stepwise_month_partition` (see `MonthPartition`).
extension CentralSchema {
    static let stationTables = [
        // One row per station: what the cell runs and how far behind its uplink is.
        """
        CREATE TABLE station (
            id text PRIMARY KEY,
            cell text,
            last_contact timestamptz,
            lag_s double precision,
            acked_local_id bigint NOT NULL DEFAULT 0,
            pending bigint NOT NULL DEFAULT 0)
        """,
        // The sets and versions a station has run, with when it last ran each.
        """
        CREATE TABLE station_set (
            station_id text NOT NULL REFERENCES station(id) ON DELETE CASCADE,
            instruction_set text NOT NULL,
            version text NOT NULL,
            content_hash text,
            first_seen timestamptz NOT NULL,
            last_seen timestamptz NOT NULL,
            PRIMARY KEY (station_id, instruction_set, version))
        """,
    ]

    static let recordTables = [
        // Partitioned by month on the record's time: old months are detached or dropped whole, and
        // a day's or a month's query reads only its partitions. PostgreSQL requires the partition
        // key in every unique constraint, hence `at` in the key; a record sent twice has the same
        // `at`, so it meets itself in the same partition and ON CONFLICT finds it.
        """
        CREATE TABLE quality_record (
            station_id text NOT NULL,
            local_id bigint NOT NULL,
            at timestamptz NOT NULL,
            at_ns bigint NOT NULL,
            kind text NOT NULL,
            cell text NOT NULL,
            worker text,
            instruction_set text,
            version text,
            content_hash text,
            variant text,
            cycle integer,
            step text,
            level text,
            previous_level text,
            duration_s double precision,
            input text,
            detail text,
            fault_device text,
            fault_kind text,
            reason text,
            reason_count integer,
            reason_ratio double precision,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (station_id, local_id, at)
        ) PARTITION BY RANGE (at)
        """,
        // A coach's workers wherever they worked; a set's hot spots per step and version; a station's day.
        "CREATE INDEX quality_record_worker_at ON quality_record (worker, at) WHERE worker IS NOT NULL",
        "CREATE INDEX quality_record_set_version_step ON quality_record (instruction_set, version, step, at)",
        "CREATE INDEX quality_record_station_at ON quality_record (station_id, at)",
        // Per-day totals per station and step, kept up to date by the pages' later migration.
        """
        CREATE TABLE step_day (
            day date NOT NULL,
            station_id text NOT NULL,
            instruction_set text NOT NULL,
            version text NOT NULL,
            step text NOT NULL,
            runs bigint NOT NULL DEFAULT 0,
            total_seconds double precision NOT NULL DEFAULT 0,
            wrong_actions bigint NOT NULL DEFAULT 0,
            hesitations bigint NOT NULL DEFAULT 0,
            help bigint NOT NULL DEFAULT 0,
            by_hand bigint NOT NULL DEFAULT 0,
            workers bigint,
            PRIMARY KEY (day, station_id, instruction_set, version, step))
        """,
        "CREATE INDEX step_day_set ON step_day (instruction_set, version, step, day)",
        // Creates the month partition holding `month_start` if it is missing. Idempotent; a race
        // between two uplinks ends in one table (the loser's duplicate_table is swallowed).
        """
        CREATE FUNCTION stepwise_month_partition(month_start date) RETURNS text LANGUAGE plpgsql AS $$
        DECLARE
            first_day date := date_trunc('month', month_start)::date;
            name text := format('quality_record_%s', to_char(first_day, 'YYYY_MM'));
        BEGIN
            IF to_regclass(name) IS NULL THEN
                BEGIN
                    EXECUTE format(
                        'CREATE TABLE %I PARTITION OF quality_record FOR VALUES FROM (%L) TO (%L)',
                        name, first_day::timestamp AT TIME ZONE 'UTC',
                        (first_day + interval '1 month')::timestamp AT TIME ZONE 'UTC');
                EXCEPTION WHEN duplicate_table THEN NULL;
                END;
            END IF;
            RETURN name;
        END $$
        """,
    ]

    static let accountTables = [
        """
        CREATE TABLE account (
            name text PRIMARY KEY,
            role text NOT NULL CHECK (role IN ('coach', 'engineer', 'manager')),
            password text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now())
        """,
        """
        CREATE TABLE account_session (
            token_sha256 text PRIMARY KEY,
            account text NOT NULL REFERENCES account(name) ON DELETE CASCADE,
            csrf text NOT NULL,
            expires_at timestamptz NOT NULL)
        """,
        "CREATE INDEX account_session_expires ON account_session (expires_at)",
        """
        CREATE TABLE coach_worker (
            coach text NOT NULL REFERENCES account(name) ON DELETE CASCADE,
            worker text NOT NULL,
            PRIMARY KEY (coach, worker))
        """,
        "CREATE INDEX coach_worker_worker ON coach_worker (worker)",
        """
        CREATE TABLE audit_log (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT now(),
            account text NOT NULL,
            role text NOT NULL,
            action text NOT NULL,
            details text NOT NULL DEFAULT '')
        """,
        "CREATE INDEX audit_log_at ON audit_log (at)",
        """
        CREATE TABLE audit_subject (
            entry bigint NOT NULL REFERENCES audit_log(id) ON DELETE CASCADE,
            worker text NOT NULL,
            PRIMARY KEY (entry, worker))
        """,
        "CREATE INDEX audit_subject_worker ON audit_subject (worker, entry)",
        // Failed sign-ins by keyed hash of the name and of the address, as the station's dashboard keeps them.
        """
        CREATE TABLE sign_in_attempt (
            key_hash text NOT NULL,
            at timestamptz NOT NULL DEFAULT now())
        """,
        "CREATE INDEX sign_in_attempt_key_at ON sign_in_attempt (key_hash, at)",
    ]
}
