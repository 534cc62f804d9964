import StepwiseCore

/// Per-worker and per-step summaries of a period of the quality log, for `stepwise report`.
///
/// Workers are listed by pseudonym, never by performance: the report supports coaching and
/// improving instructions, it does not rank people. Levels are given by name ("hint").
public struct Report: Codable, Sendable, Equatable {
    /// The period asked for: records with `from <= at < to`; nil means open-ended.
    public struct Period: Codable, Sendable, Equatable {
        public var from: Instant?
        public var to: Instant?
        public init(from: Instant?, to: Instant?) {
            self.from = from
            self.to = to
        }
    }

    public var period: Period
    /// Sorted by pseudonym.
    public var perWorker: [WorkerSummary]
    /// Sorted by instruction set, then step id.
    public var perStep: [StepSummary]

    public init(period: Period, perWorker: [WorkerSummary], perStep: [StepSummary]) {
        self.period = period
        self.perWorker = perWorker
        self.perStep = perStep
    }
}

/// What one worker did in the period.
public struct WorkerSummary: Codable, Sendable, Equatable {
    /// The guidance level a worker is at for one step: from the last level change or step start.
    public struct StepLevel: Codable, Sendable, Equatable {
        public var instructionSet: InstructionSetID
        public var step: StepID
        public var level: String
    }

    /// One guidance change, with the reason the model gave.
    public struct LevelChange: Codable, Sendable, Equatable {
        public var at: Instant
        public var instructionSet: InstructionSetID?
        public var step: StepID?
        public var from: String?
        public var to: String
        /// The reason code (`clean-runs`, `help-asked` …); nil in logs older than the codes.
        public var reasonCode: LevelChangeReason?
        /// The reason in English words, made from the code and its numbers (or an older log's text).
        public var reason: String?
    }

    public var worker: WorkerPseudonym
    public var cycles: Int
    public var stepsDone: Int
    public var medianCycleSeconds: Double?
    public var wrongActions: Int
    public var hesitations: Int
    public var helpRequests: Int
    /// Sorted by instruction set, then step.
    public var currentLevels: [StepLevel]
    /// The last five changes, oldest first.
    public var levelChanges: [LevelChange]
}

/// How one step of one instruction set went, over all workers: where the instructions need work.
public struct StepSummary: Codable, Sendable, Equatable {
    public var instructionSet: InstructionSetID
    public var step: StepID
    /// Completed repetitions (step-done records).
    public var runs: Int
    public var medianSeconds: Double?
    public var wrongActions: Int
    public var hesitations: Int
    public var helpRequests: Int
    public var confirmedByHand: Int
    /// Completed repetitions per guidance level name; levels never used are left out.
    public var levels: [String: Int]
}

/// The median of `values`, or nil for none; the mean of the middle two for an even count.
func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
