import GRDB
import StepwiseCore
import StepwiseLog

/// One read of individual data, or one change of a worker's guidance controls.
public struct AuditEntry: Hashable, Sendable {
    public var at: Instant
    public var account: String
    public var role: Role
    /// "read-worker", "read-unit", "export-worker", "controls" …
    public var action: String
    /// What was read or changed: "w-7f3a9c", "w-7f3a9c led-streetlight floor=hint".
    public var subject: String
}

extension DashboardStore {
    /// Appends an audit entry. Called before the data is sent, so a failed audit write means no data.
    public func audit(_ account: Account, action: String, subject: String, at: Instant) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO audit_log (at_ns, account, role, action, subject) VALUES (?, ?, ?, ?, ?)",
                arguments: [Int64(clamping: at.nanoseconds), account.name, account.role.rawValue, action, subject])
        }
    }

    /// Entries, newest first; `subjectPrefix` narrows to one worker's trail.
    public func auditEntries(subjectPrefix: String? = nil, limit: Int = 200) throws -> [AuditEntry] {
        try pool.read { db in
            let filter = subjectPrefix == nil ? "" : "WHERE subject = ? OR subject LIKE ? ESCAPE '\\'"
            let escaped = (subjectPrefix ?? "").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            let arguments: StatementArguments =
                subjectPrefix == nil ? [limit] : [subjectPrefix!, escaped + " %", limit]
            return try Row.fetchAll(
                db, sql: "SELECT * FROM audit_log \(filter) ORDER BY at_ns DESC, id DESC LIMIT ?", arguments: arguments
            ).map {
                AuditEntry(
                    at: Instant(nanoseconds: UInt64(max(0, $0["at_ns"] as Int64))), account: $0["account"],
                    role: Role(rawValue: $0["role"]) ?? .manager, action: $0["action"], subject: $0["subject"])
            }
        }
    }

    /// Per day, account and action: how many reads — what a manager and a works council review.
    public func auditSummary() throws -> [(day: String, account: String, role: String, action: String, count: Int)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT at_ns, account, role, action FROM audit_log ORDER BY at_ns")
        }.reduce(into: [String: (String, String, String, String, Int)]()) { sums, row in
            let day = String(RecordFormat.isoTime(Instant(nanoseconds: UInt64(max(0, row["at_ns"] as Int64))))
                .prefix(10))
            let key = "\(day)|\(row["account"] as String)|\(row["action"] as String)"
            let count = sums[key]?.4 ?? 0
            sums[key] = (day, row["account"], row["role"], row["action"], count + 1)
        }.values.sorted { ($0.0, $0.1, $0.3) < ($1.0, $1.1, $1.3) }
            .map { (day: $0.0, account: $0.1, role: $0.2, action: $0.3, count: $0.4) }
    }
}
