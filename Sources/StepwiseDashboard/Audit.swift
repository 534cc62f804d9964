import GRDB
import StepwiseCore
import StepwiseLog

/// One read of individual data, or one change of a worker's guidance controls.
public struct AuditEntry: Hashable, Sendable {
    public var at: Instant
    public var account: String
    public var role: Role
    /// "read-worker", "read-unit", "read-units", "export-worker", "controls" …
    public var action: String
    /// Every worker whose data was read or changed, sorted; empty when no worker was named.
    public var workers: [WorkerPseudonym]
    /// What else the read or change names: "demo-cell@1767596461000000000", "led-streetlight floor=hint …".
    public var details: String

    /// The text kept in `audit_log.subject` for people reading the table: workers, then details.
    public var subject: String { (workers.map(\.rawValue) + [details]).filter { !$0.isEmpty }.joined(separator: " ") }
}

/// What a page or a change asks the audit trail to record, before any data is sent.
struct AuditNote: Equatable {
    var action: String
    var workers: [WorkerPseudonym]
    var details = ""
    /// The table that holds the individual data; nil: the whole page. An export of another
    /// table of the page (an aggregate) is then not a read of these workers.
    var table: String? = nil
}

extension DashboardStore {
    /// Appends an audit entry naming `workers` (one `audit_subject` row each). Called before the
    /// data is sent, so a failed audit write means no data.
    public func audit(
        _ account: Account, action: String, workers: [WorkerPseudonym], details: String = "", at: Instant
    ) throws {
        let workers = Array(Set(workers)).sorted()
        let entry = AuditEntry(
            at: at, account: account.name, role: account.role, action: action, workers: workers, details: details)
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO audit_log (at_ns, account, role, action, subject, details) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    Int64(clamping: at.nanoseconds), account.name, account.role.rawValue, action,
                    entry.subject, details,
                ])
            let id = db.lastInsertedRowID
            for worker in workers {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO audit_subject (entry, worker) VALUES (?, ?)",
                    arguments: [id, worker.rawValue])
            }
        }
    }

    /// Entries, newest first; `worker` narrows to the entries that name that worker among their
    /// subjects (a read of a whole cells page names several).
    public func auditEntries(worker: WorkerPseudonym? = nil, limit: Int = 200) throws -> [AuditEntry] {
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
                AuditEntry(
                    at: Instant(nanoseconds: UInt64(max(0, $0["at_ns"] as Int64))), account: $0["account"],
                    role: Role(rawValue: $0["role"]) ?? .manager, action: $0["action"],
                    workers: subjects[$0["id"]] ?? [], details: ($0["details"] as String?) ?? "")
            }
        }
    }

    /// Per day, account and action: how many reads — what a manager and a works council review.
    public func auditSummary() throws -> [(day: String, account: String, role: String, action: String, count: Int)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT at_ns, account, role, action FROM audit_log ORDER BY at_ns")
        }.reduce(into: [String: (String, String, String, String, Int)]()) { sums, row in
            let day = String(
                RecordFormat.isoTime(Instant(nanoseconds: UInt64(max(0, row["at_ns"] as Int64))))
                    .prefix(10))
            let key = "\(day)|\(row["account"] as String)|\(row["action"] as String)"
            let count = sums[key]?.4 ?? 0
            sums[key] = (day, row["account"], row["role"], row["action"], count + 1)
        }.values.sorted { ($0.0, $0.1, $0.3) < ($1.0, $1.1, $1.3) }
            .map { (day: $0.0, account: $0.1, role: $0.2, action: $0.3, count: $0.4) }
    }
}
