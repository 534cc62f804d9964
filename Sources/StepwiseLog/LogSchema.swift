import GRDB

/// The quality log's tables. Migrations are append-only: a shipped migration is never edited,
/// because daemons in the field have already applied it.
enum LogSchema {
    static let version = 2

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-quality-record-skill-meta") { db in
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
        // Per-worker display preferences (text size, contrast, language), keyed by pseudonym like skills.
        migrator.registerMigration("v2-worker-preferences") { db in
            try db.execute(
                sql: """
                    CREATE TABLE worker_preferences (
                        worker TEXT PRIMARY KEY,
                        json TEXT NOT NULL,
                        updated_ns INTEGER NOT NULL);
                    UPDATE meta SET value = '2' WHERE key = 'schema_version';
                    """)
        }
        return migrator
    }
}
