import Foundation
import Hummingbird
import Logging
import StepwiseCore
import StepwiseDashboard
import StepwiseLog
import Synchronization

/// `stepwise bench dashboard`: every page's time as browsers see it, on a full log, while the
/// station keeps writing. A scratch log is filled with step records of many workers, sets and
/// days; the dashboard serves it on a free port of this machine; `clients` signed-in browsers ask
/// for the pages in turn, one writer appends records, and one more browser opens the sign-in page
/// now and then. The sign-in page is also timed before the load (idle), for the ratio.
public enum DashboardBench {
    public struct Settings: Sendable {
        public var records = 1_000_000
        public var clients = 8
        public var seconds = 30.0
        /// Records the writer appends a second during the load.
        public var writesPerSecond = 20.0
        public var idleLogins = 200
        public init() {}
    }

    /// One page's figures.
    public struct PageFigures: Codable, Sendable, Equatable {
        public var page: String
        public var requests: Int
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double

        enum CodingKeys: String, CodingKey {
            case page, requests
            case p50Milliseconds = "p50_ms", p99Milliseconds = "p99_ms"
        }
    }

    public struct Result: Codable, Sendable, Equatable {
        public var store: String
        public var records: Int
        public var clients: Int
        public var seconds: Double
        public var written: Int
        public var pages: [PageFigures]
        public var loginIdle: PageFigures
        public var loginUnderLoad: PageFigures

        enum CodingKeys: String, CodingKey {
            case store, records, clients, seconds, written, pages
            case loginIdle = "login_idle", loginUnderLoad = "login_under_load"
        }
    }

    /// The pages an engineer's browser asks for, in turn.
    static func pages(sets: [InstructionSetID]) -> [String] {
        ["/cells", "/sets", "/days"] + sets.map { "/sets/\($0.rawValue)" }
    }

    /// Fills a scratch log in `folder` and measures its dashboard.
    public static func run(settings: Settings, folder: URL) async throws -> Result {
        let path = folder.appendingPathComponent("bench-dashboard.sqlite").path
        let log = try QualityLog(path: path)
        try BenchWorkshopLog.fill(log, count: settings.records)
        let store = try DashboardStore(path: path)
        return try await measure(store: store, storeName: "SQLite", settings: settings) { index in
            try log.append([BenchWorkshopLog.record(settings.records + index)])
        }
    }

    /// Serves `store` and measures it; `write` appends the `n`-th record written during the load.
    static func measure(
        store: DashboardStore, storeName: String, settings: Settings,
        write: @escaping @Sendable (Int) throws -> Void
    ) async throws -> Result {
        let password = BenchAccount.password()
        let name = try store.addAccount(
            name: "bench-\(UInt32.random(in: 0...UInt32.max))", role: .engineer, password: password,
            now: Dashboard.wallClock())
        defer { try? store.removeAccount(name: name) }
        let dashboard = Dashboard(store: store, secureCookies: false, minimumGroup: .standard)
        let bound = BoundPort()
        let server = Task {
            try await dashboard.serve(host: "127.0.0.1", port: 0, logLevel: .critical) { bound.set($0) }
        }
        defer { server.cancel() }
        let port = try await bound.wait()
        let pages = pages(sets: BenchWorkshopLog.sets)
        let outcome = try await Task.detached {
            try BenchLoad.run(
                port: port, account: (name, password), pages: pages, settings: settings, write: write)
        }.value
        return Result(
            store: storeName, records: settings.records, clients: settings.clients, seconds: settings.seconds,
            written: outcome.written, pages: outcome.pages, loginIdle: outcome.loginIdle,
            loginUnderLoad: outcome.loginUnderLoad)
    }
}

/// The port the dashboard bound, handed from its server task to the benchmark.
final class BoundPort: Sendable {
    private let port = Mutex<Int?>(nil)
    func set(_ value: Int) { port.withLock { $0 = value } }

    /// Waits (up to 30 s) for the server to listen.
    func wait() async throws -> Int {
        for _ in 0..<3000 {
            if let value = port.withLock({ $0 }) { return value }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw PageClient.Failure.malformed("the dashboard did not start listening within 30 s")
    }
}

/// A throw-away account's password: long and random, never printed.
enum BenchAccount {
    static func password() -> String {
        let letters = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return String((0..<24).map { _ in letters.randomElement()! })
    }
}
