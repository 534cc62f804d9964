import StepwiseCore
import StepwiseLog

/// One read of individual data, or one change of a worker's guidance controls.
public typealias AuditEntry = AuditRecord

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
        try workshop.appendAudit(entry)
    }

    /// Entries, newest first; `worker` narrows to the entries that name that worker among their
    /// subjects (a read of a whole cells page names several).
    public func auditEntries(worker: WorkerPseudonym? = nil, limit: Int = 200) throws -> [AuditEntry] {
        try workshop.auditEntries(worker: worker, limit: limit)
    }

    /// Per day, account and action: how many reads — what a manager and a works council review.
    public func auditSummary() throws -> [(day: String, account: String, role: String, action: String, count: Int)] {
        try workshop.auditCounts().map {
            (day: $0.day, account: $0.account, role: $0.role, action: $0.action, count: $0.count)
        }
    }
}
