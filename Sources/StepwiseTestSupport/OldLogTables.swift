/// The tables of a quality log at schema version 2, as the daemon made them before the typed fault
/// and reason columns and before the dashboard's tables moved into the log's migrations: for tests
/// that open such a file with today's code. Ends inside the `meta` insert, so a caller can add rows.
public enum OldLogTables {
    public static let version2 = """
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        INSERT INTO grdb_migrations VALUES ('v1-quality-record-skill-meta'), ('v2-worker-preferences');
        CREATE TABLE quality_record (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at_ns INTEGER NOT NULL, kind TEXT NOT NULL,
            cell TEXT NOT NULL, worker TEXT, instruction_set TEXT, version TEXT, content_hash TEXT,
            variant TEXT, cycle INTEGER, step TEXT, level TEXT, previous_level TEXT, duration_s REAL,
            input TEXT, detail TEXT);
        CREATE TABLE worker_skill (
            worker TEXT NOT NULL, instruction_set TEXT NOT NULL, json TEXT NOT NULL,
            updated_ns INTEGER NOT NULL, PRIMARY KEY (worker, instruction_set));
        CREATE TABLE worker_preferences (worker TEXT PRIMARY KEY, json TEXT NOT NULL, updated_ns INTEGER NOT NULL);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta(key, value) VALUES ('schema_version', '2'), ('writer', 'stepwise')
        """
}
