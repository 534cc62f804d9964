import Foundation
import StepwiseCore

/// A fresh directory under the system temp dir, removed when the test is done.
final class Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Collects `onFault` calls from the writer thread and lets a test wait for them.
final class FaultRecorder: @unchecked Sendable {
    // Unchecked: `events` is only touched under `condition`.
    private let condition = NSCondition()
    private var events: [String?] = []

    var callback: @Sendable (String?) -> Void { { [self] in record($0) } }

    var all: [String?] {
        condition.lock()
        defer { condition.unlock() }
        return events
    }

    private func record(_ message: String?) {
        condition.lock()
        events.append(message)
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until `count` events arrived; the deadline only guards against a hung test.
    @discardableResult
    func wait(forCount count: Int, seconds: Double = 60) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while events.count < count { if !condition.wait(until: deadline) { return false } }
        return true
    }
}

enum Sample {
    static let cell: CellID = "demo-cell"
    static let set: InstructionSetID = "led-fixture"

    /// A record with every field set.
    static func full(at seconds: Double = 1_764_059_000.25, worker: WorkerPseudonym = "w-00a1b2") -> QualityRecord {
        QualityRecord(
            at: Instant(seconds: seconds), kind: .levelChanged, cell: cell, worker: worker, instructionSet: set,
            version: "1.2", contentHash: "9f86d081884c7d65", variant: "4-screw", cycle: 17, step: "fit-driver",
            level: .hint, previousLevel: .full, durationSeconds: 12.75, input: "torque.ok",
            detail: "3 clean runs at ≤ 110 % of target; \"quoted\"\nnext line")
    }

    static func step(_ index: Int, worker: WorkerPseudonym = "w-00a1b2", at seconds: Double? = nil) -> QualityRecord {
        QualityRecord(
            at: Instant(seconds: seconds ?? Double(1_000 + index)), kind: .stepDone, cell: cell, worker: worker,
            instructionSet: set, cycle: index / 10, step: StepID("step-\(index % 10)"), level: .full,
            durationSeconds: Double(index))
    }

    static func skill(_ worker: WorkerPseudonym = "w-00a1b2", cycles: Int = 3) -> WorkerSkill {
        WorkerSkill(
            worker: worker, instructionSet: set,
            steps: ["fit-driver": StepSkill(level: .hint, runs: 9, cleanStreak: 2, mastery: 0.6)], cycles: cycles,
            controls: CoachControls(floor: .location, ceiling: .full, locked: nil),
            lastPractice: Instant(seconds: 1_764_059_000))
    }
}
