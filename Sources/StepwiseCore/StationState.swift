/// Everything the station machine knows: who works, on what, where in the cycle, what went
/// wrong in this run. A value, so tests compare whole states and the runtime can log them.
public struct StationState: Hashable, Sendable {
    public enum Phase: String, Hashable, Sendable, CaseIterable {
        /// Nobody logged in: the welcome pictogram.
        case idle
        /// A worker is logged in and chooses the set or variant.
        case choosingWork
        /// Steps are being done.
        case working
        /// The cycle is complete; the next one starts after a short calm check mark.
        case cycleDone
    }

    public var phase: Phase = .idle
    public var worker: WorkerPseudonym?
    /// The worker's skill in the current set (or the one given at login until a set is chosen).
    public var skill: WorkerSkill?
    /// The worker's skills by set, as given at login and left behind when switching sets.
    public var storedSkills: [InstructionSetID: WorkerSkill] = [:]
    public var instructionSet: InstructionSetID?
    public var variant: VariantID?
    /// Index into `InstructionSet.stages(for: variant)`.
    public var stageIndex: Int = 0
    /// The runs of the current stage's steps, in stage order.
    public var runs: [StepRun] = []
    /// The worker's cycle number in this set (completed cycles + 1 while working).
    public var cycle: Int = 0
    public var cycleStart: Instant?
    public var cycleDoneAt: Instant?
    /// A calm, passing cue: help coming, try again, look here.
    public var cue: Cue?
    /// The zone where the last wrong action happened, outlined until the next progress.
    public var attention: ZoneID?
    /// Active device faults by device name.
    public var faults = OpenFaults()
    /// When the worker logged in: fatigue is counted from here.
    public var sessionStart: Instant?
    /// This cycle follows a break: one level more help, shown, not stored.
    public var warmUp = false
    /// The worker slowed down late in a long session: one level more help until logout.
    public var fatigued = false
    /// Why the current cycle shows more help than stored (a warm-up after a 20 min break),
    /// the reason of the level-change records the raise writes.
    public var supportReason: LevelChangeCause?
    /// Steps shown with more help for the warm-up, so its end logs exactly their return.
    public var warmedUpSteps: Set<StepID> = []
    /// The worker pressed help in this cycle: its remaining steps show full guidance too.
    public var helpThisCycle = false

    public init() {}

    /// Whether the current cycle shows one level more than the stored one (warm-up, fatigue).
    public var supportRaised: Bool { warmUp || fatigued }

    /// The runs not yet done.
    public var openRuns: [StepRun] { runs.filter { !$0.done } }

    /// Faults that make the station fall back to full guidance (a sensor may miss steps, a
    /// lamp may stay dark); a projector or storage fault changes nothing on the bench.
    public var degradesSensing: Bool { faults.degradingCount > 0 }

    /// The level shown now for `step` of `set`: full under a sensing fault, else this run's
    /// transient raise, else the worker's stored level within the coach's limits.
    public func shownLevel(of step: StepID, in set: InstructionSet) -> GuidanceLevel {
        if degradesSensing { return .full }
        if let transient = runs.first(where: { $0.step == step })?.transientLevel { return transient }
        return storedLevel(of: step, in: set)
    }

    /// The worker's level for `step` without this run's transient raises.
    public func storedLevel(of step: StepID, in set: InstructionSet) -> GuidanceLevel {
        let controls = skill?.controls ?? CoachControls()
        let stepSkill =
            skill?.steps[step.rawValue]
            ?? GuidanceModel.initialSkill(policy: set.policy, controls: controls)
        return GuidanceModel.level(of: stepSkill, policy: set.policy, controls: controls)
    }
}

/// One step being done in the current cycle.
public struct StepRun: Hashable, Sendable {
    public var step: StepID
    /// When the step could be started (stage start, or the last completion in its group).
    public var start: Instant
    /// The last progress in the stage (an activation toward any open step, or `start`):
    /// hesitation counts from here.
    public var lastActivity: Instant
    /// Activations per input toward the completion condition.
    public var counts: [InputID: Int] = [:]
    /// Gaps longer than the policy's break time.
    public var pausedSeconds: Double = 0
    public var wrongActions: Int = 0
    public var firstWrongAction: String?
    public var helpRequested = false
    public var hesitated = false
    public var confirmedByHand = false
    public var done = false
    /// More help for the rest of this run (help button, wrong action, hesitation); never stored.
    public var transientLevel: GuidanceLevel?

    public init(step: StepID, start: Instant) {
        self.step = step
        self.start = start
        self.lastActivity = start
    }
}

/// What the runtime must do after an event: log, project, switch outputs, set a timer, persist.
public struct StationOutput: Hashable, Sendable {
    /// Records to log, in order.
    public var records: [QualityRecord]
    /// What to project now.
    public var scene: Scene
    /// Outputs that must be ON now (lamps of highlighted bins, the step's `enables`); all others off.
    public var lamps: Set<OutputID>
    /// The next deadline the machine wants; the runtime sends `.deadline` then.
    public var wakeUp: Instant?
    /// Non-nil when the worker's skill changed and must be persisted.
    public var skill: WorkerSkill?

    public init(
        records: [QualityRecord] = [], scene: Scene = .blank, lamps: Set<OutputID> = [], wakeUp: Instant? = nil,
        skill: WorkerSkill? = nil
    ) {
        self.records = records
        self.scene = scene
        self.lamps = lamps
        self.wakeUp = wakeUp
        self.skill = skill
    }
}
