import GRDB

/// One named change to the log's tables. GRDB records the identifier in the file, so a migration
/// runs once per file, in the order of `LogSchema.migrations`.
struct LogMigration: Sendable {
    let identifier: String
    let apply: @Sendable (Database) throws -> Void
}

/// The quality log's tables. Migrations are append-only: a shipped migration is never edited,
/// because daemons in the field have already applied it.
enum LogSchema {
    static let version = 3

    /// Every migration, oldest first. A new one goes at the end of this list (in its own file if
    /// it is long); nothing else registers migrations on the log's file.
    static let migrations: [LogMigration] = [
        LogMigration(identifier: "v1-quality-record-skill-meta", apply: createRecordsAndSkills),
        LogMigration(identifier: "v2-worker-preferences", apply: createWorkerPreferences),
        LogMigration(identifier: "v3-typed-faults-and-reasons", apply: addTypedFaultsAndReasons),
        LogMigration(identifier: "v4-uplink-ack", apply: UplinkOutbox.createAcknowledgements),
        LogMigration(identifier: "v5-workshop-tables", apply: createWorkshopTables),
        LogMigration(identifier: "v6-erasure-applied", apply: QualityLog.createErasureApplied),
        LogMigration(identifier: "v7-cell-indices", apply: QualityLog.createCellIndices),
        LogMigration(identifier: "v8-tightening-values", apply: addTighteningValues),
        LogMigration(identifier: "v9-page-totals", apply: QualityLog.createPageTotals),
        LogMigration(identifier: "v10-worker-state-sync", apply: addWorkerStateSync),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.identifier, migrate: migration.apply)
        }
        return migrator
    }

    @Sendable static func createRecordsAndSkills(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE quality_record (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at_ns INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    cell TEXT NOT NULL,
                    worker TEXT,
                    instruction_set TEXT,
                    version TEXT,
                    content_hash TEXT,
                    variant TEXT,
                    cycle INTEGER,
                    step TEXT,
                    level TEXT,
                    previous_level TEXT,
                    duration_s REAL,
                    input TEXT,
                    detail TEXT);
                CREATE INDEX quality_record_worker_at ON quality_record(worker, at_ns);
                CREATE INDEX quality_record_set_step ON quality_record(instruction_set, step);
                CREATE INDEX quality_record_at ON quality_record(at_ns);
                CREATE TABLE worker_skill (
                    worker TEXT NOT NULL,
                    instruction_set TEXT NOT NULL,
                    json TEXT NOT NULL,
                    updated_ns INTEGER NOT NULL,
                    PRIMARY KEY (worker, instruction_set));
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                INSERT INTO meta(key, value) VALUES ('schema_version', '1'), ('writer', 'stepwise');
                """)
    }

    /// Per-worker display preferences (text size, contrast, language), keyed by pseudonym like skills.
    @Sendable static func createWorkerPreferences(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE worker_preferences (
                    worker TEXT PRIMARY KEY,
                    json TEXT NOT NULL,
                    updated_ns INTEGER NOT NULL);
                UPDATE meta SET value = '2' WHERE key = 'schema_version';
                """)
    }
}
