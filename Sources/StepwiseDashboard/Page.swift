import StepwiseCore

/// What a route produces before it becomes HTML or an export.
struct Page {
    enum Block { case html(String), table(DataTable) }

    var title: String
    var blocks: [Block]
    /// The audit entry this page's individual data calls for; nil for aggregates.
    var audit: AuditNote?

    var tables: [DataTable] {
        blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }
    }

    func html(session: Session, path: String) -> String {
        let body = blocks.map { block in
            switch block {
            case .html(let html): html
            case .table(let table): HTML.table(table, exportBase: path)
            }
        }.joined()
        return HTML.page(title: title, session: session, body: body)
    }
}

/// Why a page is not shown. The message is shown to the person; it names no data.
enum PageError: Error, Equatable {
    case denied(String)
    case notFound(String)
    case badRequest(String)
}

/// Who may see what. One place, so the rules can be read (and tested) at once.
struct Access {
    var session: Session
    /// A coach's assigned workers; empty for the other roles.
    var assigned: Set<WorkerPseudonym>

    var role: Role { session.account.role }

    /// Individual data of `worker`: only their coach.
    func mayReadWorker(_ worker: WorkerPseudonym) -> Bool { role == .coach && assigned.contains(worker) }

    /// A unit's quality record: the coach of its worker, or an engineer (without the worker).
    func mayReadUnit(of worker: WorkerPseudonym?) -> Bool {
        switch role {
        case .coach: worker.map(mayReadWorker) ?? false
        case .engineer: true
        case .manager: false
        }
    }

    func require(_ allowed: Bool, _ what: String) throws {
        if !allowed { throw PageError.denied(what) }
    }
}
