import StepwiseEvaluation

/// What the fit found for one step, under the chosen mastery model.
public struct StepFit: Hashable, Sendable {
    public var step: String
    public var runs: Int
    public var workers: Int
    public var curve: SkillCurve
    public var time: StepTime
    public var errors: ErrorModel
    /// Chance per run that a worker who does not know the step, unguided, presses help.
    public var helpProbability: Double
    /// 90 % bootstrap intervals (over workers) per parameter name; empty without bootstrap.
    public var intervals: [String: Interval] = [:]

    /// Every fitted number by its population-file name: what the intervals are keyed by.
    public var parameters: [(name: String, value: Double)] {
        [
            ("prior", curve.prior), ("learning-rate", curve.learningRate), ("forget-days", curve.forgetDays),
            ("novice-error", errors.noviceError), ("guidance-benefit", errors.guidanceBenefit),
            ("slip", errors.slip), ("master-seconds", time.masterSeconds),
            ("novice-slowness", time.noviceSlowness), ("expert-penalty", time.expertPenalty),
            ("time-noise", time.timeNoise),
        ]
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.step == b.step && a.parameters.map(\.value) == b.parameters.map(\.value)
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(step) }
}

/// A bootstrap interval: the 5th and 95th percentiles of the resampled fits.
public struct Interval: Hashable, Sendable, Codable {
    public var low: Double
    public var high: Double
}

/// What the whole fit found.
public struct FitResult: Sendable {
    public var instructionSet: String
    public var workers: Int
    public var runs: Int
    public var steps: [StepFit]
    public var choice: ModelChoice
    /// Nil when no session was long enough to show fatigue.
    public var fatigue: Fatigue?
    public var resamples: Int
    public var schedule: Schedule
    /// Whether any worker was away between sessions (without it forgetting cannot be seen).
    public var forgettingSeen: Bool
}
