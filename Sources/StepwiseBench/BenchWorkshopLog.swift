import Foundation
import StepwiseCore
import StepwiseLog

/// A busy workshop's log for the dashboard benchmark: 60 workers on 3 sets of 12 steps at 4 cells,
/// a record every few seconds, a sign-in at each cycle, some help and wrong actions, over the
/// days before now.
enum BenchWorkshopLog {
    static let sets: [InstructionSetID] = ["led-streetlight", "car-seat", "cable-harness"]
    static let workers = (0..<60).map { WorkerPseudonym("w-bench\(String($0, radix: 16))") }
    static let cells: [CellID] = ["bench-a", "bench-b", "bench-c", "bench-d"]
    static let spacingSeconds = 4.0

    /// Writes `count` records, oldest first, the last one now.
    static func fill(_ log: QualityLog, count: Int) throws {
        var written = 0
        while written < count {
            let chunk = (written..<min(count, written + 5000)).map { record($0, of: count) }
            try log.append(chunk)
            written += chunk.count
        }
    }

    /// The `index`-th record of a log whose record `total` is written now (later ones: the load's).
    static func record(_ index: Int, of total: Int? = nil) -> QualityRecord {
        let now = Instant(seconds: Date().timeIntervalSince1970)
        let at =
            index < (total ?? 0)
            ? now.subtracting(seconds: Double((total ?? 0) - index) * spacingSeconds) : now
        // One worker's cycle is 26 records: the sign-in, 12 steps started and ended, the cycle done.
        let cycle = index / 26, position = index % 26
        let worker = workers[cycle % workers.count]
        let set = sets[(cycle / 10) % sets.count]
        let cell = cells[cycle % cells.count]
        if position == 0 { return QualityRecord(at: at, kind: .login, cell: cell, worker: worker) }
        let run = cycle * 12 + (position - 1) / 2
        let kind: QualityRecord.Kind =
            position == 25
            ? .cycleDone
            : position % 2 == 1 ? .stepStarted : (run % 17 == 0 ? .wrongAction : (run % 23 == 0 ? .help : .stepDone))
        return QualityRecord(
            at: at, kind: kind, cell: cell, worker: worker, instructionSet: set, version: "1.0", contentHash: "bench",
            variant: nil, cycle: cycle, step: position == 25 ? nil : StepID("step-\(run % 12)"),
            level: GuidanceLevel.allCases[run % GuidanceLevel.allCases.count],
            durationSeconds: kind == .stepDone ? 3 + Double(run % 7) : (kind == .cycleDone ? 70 : nil))
    }
}
