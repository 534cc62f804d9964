import Foundation
import StepwiseCore
import StepwiseDashboard
import StepwiseLog
import StepwiseRuntime

/// A real quality log made by playing the shipped demo traces through the real station core,
/// with the shipped demo cell and instruction sets, plus the dashboard's accounts.
final class TraceLog: Sendable {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// 2026-01-05 07:00 UTC.
    static let day = Instant(seconds: 1_767_596_400)
    static let now = day.adding(seconds: 86_400)
    static let password = "correct horse 42"
    static let lamps: WorkerPseudonym = "w-1a2b3c"
    static let seats: WorkerPseudonym = "w-4d5e6f"
    /// Fast scrypt parameters: the tests check the mechanics, not the cost.
    static let hasher = PasswordHasher(rounds: 1 << 10, blockSize: 8, parallelism: 1)

    let folder: URL
    let path: String
    let store: DashboardStore
    /// The same file as the station's log, for writing records and skills as a daemon would.
    let quality: QualityLog

    /// `daysAgo` shifts the whole log into the past (for retention).
    init(daysAgo: Double = 0) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-dash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("quality.sqlite").path
        store = try DashboardStore(path: path)
        quality = try QualityLog(path: path)
        let start = Instant(seconds: Self.day.seconds - daysAgo * 86_400)
        try quality.append(try Self.records("led-streetlight-40w.trace", start: start))
        try quality.append(try Self.records("car-seat.trace", start: start.adding(seconds: 3600)))
        for (name, role) in [("cora", Role.coach), ("cole", .coach), ("erik", .engineer), ("mara", .manager)] {
            try store.addAccount(name: name, role: role, password: Self.password, hasher: Self.hasher, now: Self.now)
        }
        try store.assign(worker: Self.lamps, toCoach: "cora")
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// `pseudonym` names the worker of every badge; by default DEMO-0001 is `lamps`, others `seats`.
    static func records(
        _ trace: String, start: Instant, pseudonym: ((String) -> WorkerPseudonym)? = nil
    ) throws -> [QualityRecord] {
        let definitions = try Definitions.load(
            cellPath: root.appendingPathComponent("Devices/demo-cell.yaml").path,
            instructionsPath: root.appendingPathComponent("WorkInstructions").path
        ).get()
        let tracePath = root.appendingPathComponent("WorkInstructions/traces/\(trace)").path
        let parsed = try Trace(parsing: String(contentsOfFile: tracePath, encoding: .utf8), file: tracePath)
        return Simulation.records(
            cell: definitions.cell, instructionSets: definitions.instructionSets, trace: parsed, start: start,
            pseudonym: pseudonym ?? { $0 == "DEMO-0001" ? lamps : seats }, skill: { _ in nil })
    }

    func dashboard() -> Dashboard {
        Dashboard(store: store, secureCookies: false, now: { TraceLog.now })
    }
}
