import Foundation
import Logging
import PostgresNIO
import StepwiseCore
import StepwiseLog
import StepwiseTestSupport
import Testing

@testable import StepwiseWorkshop

/// The PostgreSQL started by `scripts/postgres-test.sh` (`make test` starts and stops it). Tests
/// that need it are skipped when `STEPWISE_TEST_POSTGRES` is unset, unless
/// `STEPWISE_REQUIRE_POSTGRES=1` says a missing server is a failure.
enum TestServer {
    static let environment = ProcessInfo.processInfo.environment
    static let url = environment["STEPWISE_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let folder = environment["STEPWISE_TEST_POSTGRES_DIR"]
    static let required = environment["STEPWISE_REQUIRE_POSTGRES"] == "1"
    static let available = url != nil
    static let logger = Logger(label: "workshop-tests")

    /// A new, empty database on the server for one test; returns its URL (password included: it
    /// goes into a 0600 file, never onto a command line).
    static func freshDatabase(_ name: String = #function) async throws -> String {
        let database =
            "t_" + name.lowercased().filter { $0.isLetter }.prefix(30) + "_" + String(UInt32.random(in: 0...UInt32.max))
        try await withConnection(url!) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(database)"), logger: logger)
        }
        var parts = URLComponents(string: url!)!
        parts.path = "/" + database
        return parts.string!
    }

    static func withConnection<T: Sendable>(
        _ url: String, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let address = try CentralAddress.parse(url).get()
        let connection = try await PostgresConnection.connect(
            configuration: try address.connectionConfiguration(), id: 9, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Per station: each row on the server as (local id, time in ns), in local-id order.
    static func shipped(_ url: String) async throws -> [String: [StationRow]] {
        try await withConnection(url) { connection in
            let rows = try await connection.query(
                "SELECT station_id, local_id, at_ns FROM quality_record ORDER BY station_id, local_id, at_ns",
                logger: logger)
            var result: [String: [StationRow]] = [:]
            for try await (station, local, at) in rows.decode((String, Int64, Int64).self) {
                result[station, default: []].append(StationRow(localID: local, atNanoseconds: at))
            }
            return result
        }
    }

    /// Stops or starts the server on the same data (`pause` / `resume` of the script).
    static func script(_ action: String) throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-pg-\(UUID().uuidString).log")
            .path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let code = ToolProcess.exitCode(
            "/bin/bash", [Workspace.path("scripts/postgres-test.sh"), action, folder ?? ""], log: log)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(code == 0, "postgres-test.sh \(action) exited \(code): \(output.suffix(2000))")
    }
}

/// One quality record as both ends key it: the station's row id and the record's time.
struct StationRow: Hashable, Sendable {
    var localID: Int64
    var atNanoseconds: Int64
}

/// Paths in the repository and scratch folders.
enum Workspace {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
    static let stepwise = path(".build/debug/stepwise")
    static let stepwised = path(".build/debug/stepwised")

    static func scratch(_ name: String = #function) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("stepwise-workshop-\(name.filter(\.isLetter))-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The shipped LED street-light replay repeated `times` times, one worker signing out after each.
    static func longTrace(times: Int, badge: String = "DEMO-0001") throws -> String {
        let text = try String(
            contentsOfFile: path("WorkInstructions/traces/led-streetlight-40w.trace"), encoding: .utf8)
        let events: [(Double, String)] = text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 1)
            guard fields.count == 2, !line.hasPrefix("#"), let t = Double(fields[0]) else { return nil }
            return (t, fields[1].replacingOccurrences(of: "DEMO-0001", with: badge))
        }
        let span = (events.map(\.0).max() ?? 0) + 5
        var lines: [String] = []
        for round in 0..<times {
            let base = Double(round) * span
            lines += events.map { "\(base + $0.0) \($0.1)" }
            lines.append("\(base + span - 2) logout")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A station: a real `stepwised` replaying into its log, and a real `stepwise uplink` beside it.
final class Station {
    let name: String
    let folder: URL
    let urlFile: String
    var db: String { folder.appendingPathComponent("quality.sqlite").path }
    private(set) var uplink: Process?

    init(_ name: String, serverURL: String, in parent: URL) throws {
        self.name = name
        folder = parent.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        urlFile = folder.appendingPathComponent("central.url").path
        try serverURL.write(toFile: urlFile, atomically: true, encoding: .utf8)
        chmod(urlFile, 0o600)
    }

    /// Replays `times` rounds of the LED street-light trace at `speed`; returns the running daemon.
    func replay(times: Int, speed: Double) throws -> Process {
        let trace = folder.appendingPathComponent("replay-\(UUID().uuidString).trace")
        try Workspace.longTrace(times: times, badge: "BADGE-\(name)").write(
            to: trace, atomically: true, encoding: .utf8)
        return try start(
            Workspace.stepwised,
            [
                "--cell", Workspace.path("Devices/demo-cell.yaml"), "--db", db, "--replay", trace.path,
                "--speed", String(speed), "--exit-after-replay", "--no-watch",
            ], log: "stepwised")
    }

    func startUplink(batch: Int = 100, extra: [String] = []) throws {
        uplink = try start(
            Workspace.stepwise,
            [
                "uplink", "--db", db, "--postgres-url-file", urlFile, "--station", name, "--batch", String(batch),
                "--idle-seconds", "2", "--backoff-cap", "1", "--timeout", "5",
            ] + extra, log: "uplink")
    }

    func stopUplink(signal: Int32 = SIGTERM) {
        guard let uplink, uplink.isRunning else { return }
        kill(uplink.processIdentifier, signal)
        uplink.waitUntilExit()
    }

    func backlog() throws -> UplinkBacklog {
        try UplinkOutbox(path: db, shipping: false).backlog()
    }

    /// Row ids in the local log, oldest first.
    func localIDs() throws -> [Int64] { try localRows().map(\.localID) }

    /// The local log's rows as the server should hold them, in row-id order.
    func localRows() throws -> [StationRow] {
        try UplinkOutbox(path: db, shipping: false).pending(limit: 1_000_000, after: 0).map {
            StationRow(localID: $0.localID, atNanoseconds: Int64(clamping: $0.record.at.nanoseconds))
        }
    }

    /// Waits (polling the log, at most `limit` seconds) until `condition` holds.
    @discardableResult
    func wait(upTo limit: Double = 120, _ condition: (UplinkBacklog) -> Bool) throws -> Bool {
        try wait(upTo: limit) { condition(try backlog()) }
    }

    /// Checks `condition` every 20 ms (another process changes what it reads) until it holds or `limit` passes.
    func wait(upTo limit: Double = 120, until condition: () throws -> Bool) throws -> Bool {
        let end = Date().addingTimeInterval(limit)
        while Date() < end {
            if try condition() { return true }
            usleep(20_000)
        }
        return false
    }

    /// The pseudonyms the station's log names, sorted.
    func workers() throws -> [WorkerPseudonym] {
        Set(try QualityLog(path: db).records().compactMap(\.worker)).sorted()
    }

    private func start(_ binary: String, _ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let output = folder.appendingPathComponent("\(log).log").path
        if !FileManager.default.fileExists(atPath: output) {
            FileManager.default.createFile(atPath: output, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }
}
