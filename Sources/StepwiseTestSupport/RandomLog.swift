import StepwiseCore
import StepwiseLog

/// Reproducible quality logs of three cells with every kind that changes a cell's state, one
/// record every ten minutes (several UTC days): inputs for "the bounded read equals the whole read" tests.
public enum RandomLog {
    public static let start = Instant(seconds: 1_767_596_400)
    static let kinds: [QualityRecord.Kind] = [
        .login, .logout, .stepStarted, .stepDone, .levelChanged, .cycleDone, .help, .wrongAction, .fault,
        .faultCleared,
    ]
    static let levels: [GuidanceLevel] = [.full, .hint, .location]

    public static func records(_ count: Int, seed: UInt64) -> [QualityRecord] {
        var generator = SeededRandom(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(generator.next() % UInt64(items.count))] }
        return (0..<count).map { index in
            let kind = pick(kinds)
            let device = pick(["gpiochip0 line 17", "usb pedal"])
            return QualityRecord(
                at: start.adding(seconds: Double(index) * 601), kind: kind,
                cell: CellID("bench-\(generator.next() % 3)"),
                worker: WorkerPseudonym("w-\(generator.next() % 4)"),
                instructionSet: pick([InstructionSetID("led"), InstructionSetID("car-seat")]),
                version: pick(["3.2", "3.3"]),
                cycle: Int(generator.next() % 9), step: StepID(pick(["fit-lens", "screw-board", "close-cover"])),
                level: pick(levels), faultDevice: kind == .fault || kind == .faultCleared ? device : nil)
        }
    }
}

extension [StepTotals] {
    /// Seconds to the millisecond: a store sums in its own order, and float sums differ in the last bits.
    public var rounded: [StepTotals] {
        map {
            var totals = $0
            totals.counts.totalSeconds = ($0.counts.totalSeconds * 1000).rounded() / 1000
            return totals
        }
    }
}
