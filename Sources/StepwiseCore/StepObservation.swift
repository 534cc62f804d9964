/// What happened in one completed run of one step: the evidence the guidance model learns from.
public struct StepObservation: Hashable, Sendable {
    /// From the step's start to its completion, breaks included.
    public var durationSeconds: Double
    /// The step's target time (the practised worker's pace).
    public var targetSeconds: Double
    /// Wrong actions during the run (wrong pick, `torque.nok` …).
    public var wrongActions: Int
    /// The worker pressed the help button during the run.
    public var helpRequested: Bool
    /// The step was confirmed with the confirm button instead of its sensor.
    public var confirmedByHand: Bool
    /// No progress for the hesitation time: guidance came back during the run.
    public var hesitated: Bool
    /// Time spent in breaks (pauses longer than `GuidancePolicy.breakSeconds`); not slowness.
    public var pausedSeconds: Double
    /// The first wrong action as a person reads it ("bin-b.pick (wrong-pick)"), for the reason.
    public var wrongActionDetail: String?
    /// The run ended late in a long session: slowness is fatigue, not a lack of skill.
    public var lateInShift: Bool = false

    public init(
        durationSeconds: Double, targetSeconds: Double, wrongActions: Int = 0, helpRequested: Bool = false,
        confirmedByHand: Bool = false, hesitated: Bool = false, pausedSeconds: Double = 0,
        wrongActionDetail: String? = nil, lateInShift: Bool = false
    ) {
        self.durationSeconds = durationSeconds
        self.targetSeconds = targetSeconds
        self.wrongActions = wrongActions
        self.helpRequested = helpRequested
        self.confirmedByHand = confirmedByHand
        self.hesitated = hesitated
        self.pausedSeconds = pausedSeconds
        self.wrongActionDetail = wrongActionDetail
        self.lateInShift = lateInShift
    }

    /// Working time ÷ target: 1.0 is the practised pace. Breaks are left out; a step without a
    /// target time is always on tempo.
    public var tempo: Double {
        guard targetSeconds > 0 else { return 1 }
        return max(0, durationSeconds - pausedSeconds) / targetSeconds
    }

    /// Something went wrong that calls for more help at once.
    public var hadTrouble: Bool { wrongActions > 0 || helpRequested || hesitated }

    /// Slow enough to count as slowness under `policy` (never late in a long session: fatigue).
    public func isSlow(_ policy: GuidancePolicy) -> Bool { !lateInShift && tempo >= policy.raiseTempo }

    /// Slow, but late in a long session: more help, no penalty.
    public func isFatigued(_ policy: GuidancePolicy) -> Bool {
        lateInShift && !hadTrouble && tempo >= policy.raiseTempo
    }
}

/// A change of a step's guidance level, with its reason code and numbers.
public struct LevelChange: Hashable, Sendable {
    public var step: StepID
    public var from: GuidanceLevel
    public var to: GuidanceLevel
    /// Why: `clean-runs` with 3 runs at 110 %, `help-asked`, `absence` after 21 days …
    public var cause: LevelChangeCause
    public init(step: StepID, from: GuidanceLevel, to: GuidanceLevel, cause: LevelChangeCause) {
        self.step = step
        self.from = from
        self.to = to
        self.cause = cause
    }
}
