import GRDB
import StepwiseCore

/// The dashboard's tables (accounts, sessions, coach assignments, audit trail, per-day totals,
/// failed sign-ins) in the log's own file, so one file is backed up, retained and erased.
///
/// Files made before this migration may hold these tables already, created by the dashboard
/// itself at some earlier shape: every table is created only if missing, and each later column
/// is added only where it is missing, so such a file migrates and keeps its rows.
extension LogSchema {
    @Sendable static func createWorkshopTables(_ db: Database) throws {
        try db.execute(sql: workshopTables)
        try addColumnIfMissing("workers INTEGER", to: "step_day_aggregate", db)
        if try addColumnIfMissing("details TEXT", to: "audit_log", db) { try splitLegacyAuditSubjects(db) }
        try db.execute(
            sql: """
                DROP TABLE IF EXISTS dashboard_login_failure;
                INSERT OR IGNORE INTO meta(key, value) VALUES ('dashboard_schema_version', '1');
                """)
    }

    static let workshopTables = """
        CREATE TABLE IF NOT EXISTS dashboard_account (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('coach', 'engineer', 'manager')),
            password TEXT NOT NULL,
            created_ns INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS dashboard_session (
            token_sha256 TEXT PRIMARY KEY,
            account TEXT NOT NULL REFERENCES dashboard_account(name) ON DELETE CASCADE,
            csrf TEXT NOT NULL,
            expires_ns INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS dashboard_coach_worker (
            coach TEXT NOT NULL REFERENCES dashboard_account(name) ON DELETE CASCADE,
            worker TEXT NOT NULL,
            PRIMARY KEY (coach, worker));
        CREATE TABLE IF NOT EXISTS audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at_ns INTEGER NOT NULL,
            account TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at_ns);
        CREATE TABLE IF NOT EXISTS audit_subject (
            entry INTEGER NOT NULL REFERENCES audit_log(id) ON DELETE CASCADE,
            worker TEXT NOT NULL,
            PRIMARY KEY (entry, worker)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS audit_subject_worker ON audit_subject(worker, entry);
        CREATE TABLE IF NOT EXISTS step_day_aggregate (
            day TEXT NOT NULL,
            instruction_set TEXT NOT NULL,
            version TEXT NOT NULL,
            step TEXT NOT NULL,
            runs INTEGER NOT NULL,
            total_seconds REAL NOT NULL,
            wrong_actions INTEGER NOT NULL,
            hesitations INTEGER NOT NULL,
            help INTEGER NOT NULL,
            by_hand INTEGER NOT NULL,
            PRIMARY KEY (day, instruction_set, version, step));
        CREATE TABLE IF NOT EXISTS dashboard_signin_failure (
            name_mac TEXT NOT NULL,
            address_mac TEXT NOT NULL,
            failures INTEGER NOT NULL,
            last_ns INTEGER NOT NULL,
            PRIMARY KEY (name_mac, address_mac)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS dashboard_signin_failure_last ON dashboard_signin_failure(last_ns);
        """

    /// Adds `column` ("name TYPE") unless the table has it; true if it was added.
    @discardableResult
    static func addColumnIfMissing(_ column: String, to table: String, _ db: Database) throws -> Bool {
        let name = String(column.prefix { $0 != " " })
        guard try !db.columns(in: table).contains(where: { $0.name == name }) else { return false }
        try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN \(column)")
        return true
    }

    /// Entries of the first audit trail kept their workers in the subject text: one row per
    /// worker in `audit_subject` lets a trail find every read that named a worker.
    static func splitLegacyAuditSubjects(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT id, action, subject FROM audit_log") {
            let id: Int64 = row["id"]
            let (workers, details) = legacyAuditSubject(action: row["action"], subject: row["subject"])
            try db.execute(sql: "UPDATE audit_log SET details = ? WHERE id = ?", arguments: [details, id])
            for worker in Set(workers) {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO audit_subject (entry, worker) VALUES (?, ?)",
                    arguments: [id, worker.rawValue])
            }
        }
    }

    /// How the first version wrote a subject: a cells page named every worker shown, separated by
    /// spaces; every other entry named one worker (or "-" for none) first, then its details.
    static func legacyAuditSubject(action: String, subject: String) -> (workers: [WorkerPseudonym], details: String) {
        let words = subject.split(separator: " ").map(String.init)
        if action.hasSuffix("-cells") { return (words.map { WorkerPseudonym($0) }, "") }
        guard let first = words.first else { return ([], "") }
        return (first == "-" ? [] : [WorkerPseudonym(first)], words.dropFirst().joined(separator: " "))
    }
}
