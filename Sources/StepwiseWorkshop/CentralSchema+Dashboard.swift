/// The second central migration: what the dashboard over every station needs beyond the first
/// (the throttle's secret and counts in the station's shape, and erased workers for stations to
/// pull). The first migration's `sign_in_attempt` was never written: it is replaced here.
extension CentralSchema {
    static let dashboardTables = [
        "CREATE TABLE dashboard_meta (key text PRIMARY KEY, value text NOT NULL)",
        "DROP TABLE sign_in_attempt",
        // Failed sign-ins under keyed hashes of the name and of the address; an empty side counts over all.
        """
        CREATE TABLE sign_in_failure (
            name_mac text NOT NULL,
            address_mac text NOT NULL,
            failures integer NOT NULL,
            last_ns bigint NOT NULL,
            PRIMARY KEY (name_mac, address_mac))
        """,
        "CREATE INDEX sign_in_failure_last ON sign_in_failure (last_ns)",
        // A worker erased centrally; every station removes the pseudonym's data when it sees the row.
        """
        CREATE TABLE erased_worker (
            worker text PRIMARY KEY,
            erased_at timestamptz NOT NULL DEFAULT now(),
            account text NOT NULL)
        """,
    ]

    /// The third migration: the look-ups "Cells now" makes (`CellLookups`).
    static let cellIndices = [
        "CREATE INDEX quality_record_cell_kind_at ON quality_record (cell, kind, at_ns)",
        "CREATE INDEX quality_record_cell_at ON quality_record (cell, at_ns)",
    ]
}
