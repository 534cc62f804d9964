import Foundation
import StepwiseCore
import StepwiseLog

/// A busy workshop's log for the dashboard benchmark: 60 workers on 3 sets of 12 steps at 4 cells,
/// a step started and done every few seconds, with some help and wrong actions, over the days
/// before now.
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
        let run = index / 2
        let worker = workers[(run / 12) % workers.count]
        let set = sets[(run / 120) % sets.count]
        let step = StepID("step-\(run % 12)")
        let kind: QualityRecord.Kind =
            index % 2 == 0 ? .stepStarted : (run % 17 == 0 ? .wrongAction : (run % 23 == 0 ? .help : .stepDone))
        return QualityRecord(
            at: at, kind: kind, cell: cells[(run / 12) % cells.count], worker: worker, instructionSet: set,
            version: "1.0", contentHash: "bench", variant: nil, cycle: run / 12, step: step,
            level: GuidanceLevel.allCases[run % GuidanceLevel.allCases.count],
            durationSeconds: kind == .stepDone ? 3 + Double(run % 7) : nil)
    }
}
