import Foundation
import Hummingbird
import Logging
import StepwiseCore

/// The supervisors' dashboard: routes over a `DashboardStore`. Reads go through WAL readers, so
/// the daemon keeps writing while pages are served.
public struct Dashboard: Sendable {
    public let store: DashboardStore
    /// Mark cookies Secure: on whenever the server listens beyond loopback (behind a TLS proxy).
    public var secureCookies: Bool
    /// The wall clock, at the edge only (session expiry, audit times); tests pass a fixed one.
    public var now: @Sendable () -> Instant
    /// The fewest workers a total may count before anyone but a coach sees it (`--min-group`).
    public var minimumGroup: MinimumGroup
    var pages: Pages { Pages(store: store, minimumGroup: minimumGroup) }

    public init(
        store: DashboardStore, secureCookies: Bool, minimumGroup: MinimumGroup = .standard,
        now: @escaping @Sendable () -> Instant = Dashboard.wallClock
    ) {
        self.store = store
        self.secureCookies = secureCookies
        self.minimumGroup = minimumGroup
        self.now = now
    }

    public static let wallClock: @Sendable () -> Instant = { Instant(seconds: Date().timeIntervalSince1970) }

    /// Whether `host` is this machine only (then cookies need not be Secure: there is no TLS on loopback).
    public static func isLoopback(_ host: String) -> Bool {
        host == "127.0.0.1" || host == "::1" || host == "localhost" || host.hasPrefix("127.")
    }

    public func router() -> Router<DashboardContext> {
        let router = Router(context: DashboardContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: SessionMiddleware(store: store, now: now))
        router.get("/") { _, context in Reply.redirect(context.session == nil ? "/login" : "/cells") }
        addLoginRoutes(router)
        router.get("/cells") { request, context in try await show(request, context) { try pages.cells($0) } }
        router.get("/workers") { request, context in try await show(request, context) { try pages.workers($0) } }
        router.get("/workers/:worker") { request, context in
            guard let worker = context.pathParameter("worker").map({ WorkerPseudonym($0) }) else {
                throw HTTPError(.notFound)
            }
            return try await show(request, context) { try pages.worker(worker, $0) }
        }
        router.post("/workers/:worker/controls") { request, context in
            try await postControls(request, context)
        }
        router.get("/sets") { request, context in try await show(request, context) { try pages.sets($0) } }
        router.get("/sets/:set") { request, context in
            guard let set = context.pathParameter("set").map({ InstructionSetID($0) }) else {
                throw HTTPError(.notFound)
            }
            return try await show(request, context) { try pages.set(set, $0) }
        }
        router.get("/units/:cell/:done") { request, context in
            guard let cell = context.pathParameter("cell").map({ CellID($0) }) else { throw HTTPError(.notFound) }
            guard let done = context.pathParameter("done").flatMap({ UInt64($0) }) else {
                return Reply.problem(.notFound("that unit"), session: context.session)
            }
            return try await show(request, context) { try pages.unit(cell: cell, done: Instant(nanoseconds: done), $0) }
        }
        router.get("/days") { request, context in try await show(request, context) { try pages.days($0) } }
        router.get("/audit") { request, context in try await show(request, context) { try pages.audit($0) } }
        return router
    }

    /// Runs a page for the signed-in account: as HTML, or one table as CSV/JSON with `?format=`.
    /// Individual data is audit-logged before it is sent.
    func show(
        _ request: Request, _ context: DashboardContext, _ build: @escaping @Sendable (Access) throws -> Page
    ) async throws -> Response {
        try await StoreWork.run { try showNow(request, context, build) }
    }

    private func showNow(_ request: Request, _ context: DashboardContext, _ build: (Access) throws -> Page) throws
        -> Response
    {
        guard let session = context.session else { return Reply.redirect("/login") }
        let page: Page
        do { page = try build(try pages.access(session)) } catch let error as PageError {
            return Reply.problem(error, session: session)
        }
        let query = request.uri.queryParameters
        guard let format = query.get("format") else {
            if let audit = page.audit {
                try store.audit(
                    session.account, action: audit.action, workers: audit.workers, details: audit.details,
                    at: now())
            }
            return Reply.html(page.html(session: session, path: request.uri.path))
        }
        let id = query.get("table") ?? page.tables.first?.id
        guard let table = page.tables.first(where: { $0.id == id }), format == "csv" || format == "json" else {
            return Reply.problem(.notFound("an export \(format) of table \(id ?? "-")"), session: session)
        }
        if let audit = page.audit, audit.table == nil || audit.table == table.id {
            try store.audit(
                session.account, action: "export-" + audit.action.replacingOccurrences(of: "read-", with: ""),
                workers: audit.workers, details: audit.details, at: now())
        }
        let path = request.uri.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        let name = path.joined(separator: "-").ifEmpty("dashboard") + "-\(table.id)"
        return format == "csv"
            ? Reply.data(table.csv(), type: "text/csv; charset=utf-8", filename: name + ".csv")
            : Reply.data(table.json(), type: "application/json", filename: name + ".json")
    }

    func postControls(_ request: Request, _ context: DashboardContext) async throws -> Response {
        guard let session = context.session else { return Reply.redirect("/login") }
        let form = try await Form.read(request)
        guard let sent = form["csrf"], PasswordHasher.constantTimeEqual(Data(sent.utf8), Data(session.csrf.utf8)) else {
            return Reply.problem(
                .denied("this form (it did not come from this dashboard; reload the page)"), session: session)
        }
        guard let worker = context.pathParameter("worker").map({ WorkerPseudonym($0) }) else {
            throw HTTPError(.notFound)
        }
        do {
            let (pages, at) = (pages, now())
            try await StoreWork.run {
                try pages.setControls(worker: worker, form: form, try pages.access(session), at: at)
            }
        } catch let error as PageError {
            return Reply.problem(error, session: session)
        }
        return Reply.redirect(Links.worker(worker))
    }

    /// Serves until SIGINT/SIGTERM (or its task is cancelled); `listening` gets the port once it
    /// accepts connections (the one the system chose when `port` is 0).
    public func serve(
        host: String, port: Int, logLevel: Logger.Level = .info, listening: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws {
        var logger = Logger(label: "Stepwise")
        logger.logLevel = logLevel
        let app = Application(
            router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "Stepwise"),
            onServerRunning: { listening($0.localAddress?.port ?? port) }, logger: logger)
        try await app.runService()
    }
}
