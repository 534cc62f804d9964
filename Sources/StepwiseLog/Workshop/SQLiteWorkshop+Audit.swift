import GRDB
import StepwiseCore

/// The audit trail: one `audit_log` row per read or change, one `audit_subject` row per worker named.
extension SQLiteWorkshop {
    public func appendAudit(_ entry: AuditRecord) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO audit_log (at_ns, account, role, action, subject, details) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    entry.at.column, entry.account, entry.role.rawValue, entry.action, entry.subject, entry.details,
                ])
            let id = db.lastInsertedRowID
            for worker in Set(entry.workers) {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO audit_subject (entry, worker) VALUES (?, ?)",
                    arguments: [id, worker.rawValue])
            }
        }
    }

    public func auditEntries(worker: WorkerPseudonym?, limit: Int) throws -> [AuditRecord] {
        try pool.read { db in
            let filter = worker == nil ? "" : "WHERE id IN (SELECT entry FROM audit_subject WHERE worker = ?)"
            let arguments: StatementArguments = worker.map { [$0.rawValue, limit] } ?? [limit]
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM audit_log \(filter) ORDER BY at_ns DESC, id DESC LIMIT ?", arguments: arguments)
            let ids = rows.map { $0["id"] as Int64 }
            var subjects: [Int64: [WorkerPseudonym]] = [:]
            if !ids.isEmpty {
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
                for row in try Row.fetchAll(
                    db, sql: "SELECT entry, worker FROM audit_subject WHERE entry IN (\(marks)) ORDER BY entry, worker",
                    arguments: StatementArguments(ids))
                {
                    subjects[row["entry"], default: []].append(WorkerPseudonym(row["worker"] as String))
                }
            }
            return rows.map {
                AuditRecord(
                    at: Instant(column: $0["at_ns"]), account: $0["account"],
                    role: AccountRole(rawValue: $0["role"]) ?? .manager, action: $0["action"],
                    workers: subjects[$0["id"]] ?? [], details: ($0["details"] as String?) ?? "")
            }
        }
    }

    public func auditCounts() throws -> [AuditCount] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT date(at_ns / 1000000000, 'unixepoch') AS day, account, max(role) AS role, action,
                        count(*) AS count
                    FROM audit_log GROUP BY day, account, action ORDER BY day, account, action
                    """)
        }.map {
            AuditCount(
                day: $0["day"], account: $0["account"], role: $0["role"], action: $0["action"], count: $0["count"])
        }
    }
}
