import GRDB
import StepwiseCore

/// Changes to the dashboard's tables since their first version. Each runs in the transaction
/// that opens the store and is recognised by the column it adds, so it runs once per file and an
/// old file reads like a new one.
extension DashboardStore {
    static func migrate(_ db: Database) throws {
        try migrateAuditSubjects(db)
        if try !db.columns(in: "step_day_aggregate").contains(where: { $0.name == "workers" }) {
            // How many workers a day total counts, so retained totals meet the same minimum group
            // as live ones. Older rows stay NULL: unknown, so they are shown only coarsened.
            try db.execute(sql: "ALTER TABLE step_day_aggregate ADD COLUMN workers INTEGER")
        }
    }

    /// Audit subjects as one row per worker (`audit_subject`), so a trail finds every read that
    /// named a worker, not only those whose text started with it.
    static func migrateAuditSubjects(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS audit_subject (
                    entry INTEGER NOT NULL REFERENCES audit_log(id) ON DELETE CASCADE,
                    worker TEXT NOT NULL,
                    PRIMARY KEY (entry, worker)) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS audit_subject_worker ON audit_subject(worker, entry);
                """)
        guard try !db.columns(in: "audit_log").contains(where: { $0.name == "details" }) else { return }
        try db.execute(sql: "ALTER TABLE audit_log ADD COLUMN details TEXT")
        for row in try Row.fetchAll(db, sql: "SELECT id, action, subject FROM audit_log") {
            let id: Int64 = row["id"]
            let (workers, details) = legacySubject(action: row["action"], subject: row["subject"])
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
    static func legacySubject(action: String, subject: String) -> (workers: [WorkerPseudonym], details: String) {
        let words = subject.split(separator: " ").map(String.init)
        if action.hasSuffix("-cells") { return (words.map { WorkerPseudonym($0) }, "") }
        guard let first = words.first else { return ([], "") }
        return (first == "-" ? [] : [WorkerPseudonym(first)], words.dropFirst().joined(separator: " "))
    }
}
