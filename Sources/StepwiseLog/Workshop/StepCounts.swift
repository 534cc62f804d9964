import StepwiseCore

/// What happened at one step, summed. Shared by the live hot spots and the per-day aggregates
/// retention keeps, so both count the same things the same way.
public struct StepCounts: Hashable, Sendable {
    public var runs = 0
    public var totalSeconds = 0.0
    public var wrongActions = 0
    public var hesitations = 0
    public var help = 0
    public var byHand = 0

    public init(
        runs: Int = 0, totalSeconds: Double = 0, wrongActions: Int = 0, hesitations: Int = 0, help: Int = 0,
        byHand: Int = 0
    ) {
        self.runs = runs
        self.totalSeconds = totalSeconds
        self.wrongActions = wrongActions
        self.hesitations = hesitations
        self.help = help
        self.byHand = byHand
    }

    /// Every sign that the step's instructions could be better.
    public var trouble: Int { wrongActions + hesitations + help + byHand }

    public mutating func add(_ other: StepCounts) {
        runs += other.runs
        totalSeconds += other.totalSeconds
        wrongActions += other.wrongActions
        hesitations += other.hesitations
        help += other.help
        byHand += other.byHand
    }

    /// Counts one quality record of the step; other kinds change nothing.
    public mutating func count(_ record: QualityRecord) {
        switch record.kind {
        case .stepDone:
            runs += 1
            totalSeconds += record.durationSeconds ?? 0
        case .wrongAction: wrongActions += 1
        case .hesitation: hesitations += 1
        case .help: help += 1
        case .confirmedByHand: byHand += 1
        default: break
        }
    }
}
