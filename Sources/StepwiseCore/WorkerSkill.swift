/// What Stepwise knows about one worker's mastery of one instruction set. Persisted by the
/// log between sessions, so guidance continues where it was after a restart or at another cell.
public struct WorkerSkill: Hashable, Sendable, Codable {
    public var worker: WorkerPseudonym
    public var instructionSet: InstructionSetID
    /// Per step, keyed by the step id's raw value (ids survive edits of the YAML).
    public var steps: [String: StepSkill]
    /// Completed cycles in this set, over the worker's whole history.
    public var cycles: Int
    /// Limits the coach set for this worker.
    public var controls: CoachControls
    /// When the worker last completed a step of this set.
    public var lastPractice: Instant?

    public init(
        worker: WorkerPseudonym, instructionSet: InstructionSetID, steps: [String: StepSkill] = [:], cycles: Int = 0,
        controls: CoachControls = .init(), lastPractice: Instant? = nil
    ) {
        self.worker = worker
        self.instructionSet = instructionSet
        self.steps = steps
        self.cycles = cycles
        self.controls = controls
        self.lastPractice = lastPractice
    }
}

/// Guidance limits a job coach sets per worker.
public struct CoachControls: Hashable, Sendable, Codable {
    /// Never less help than this ("never fade below hint" for workers who rely on their coach).
    public var floor: GuidanceLevel
    /// Never more help than this.
    public var ceiling: GuidanceLevel
    /// Keep the level where it is: no fading, no raising by the model.
    public var locked: GuidanceLevel?
    public init(floor: GuidanceLevel = .silent, ceiling: GuidanceLevel = .full, locked: GuidanceLevel? = nil) {
        self.floor = floor
        self.ceiling = ceiling
        self.locked = locked
    }
}

/// The guidance state of one worker at one step.
public struct StepSkill: Hashable, Sendable, Codable {
    public var level: GuidanceLevel
    /// Completed repetitions of the step, ever.
    public var runs: Int
    /// Clean, on-tempo repetitions in a row.
    public var cleanStreak: Int
    /// Clearly slow repetitions in a row.
    public var slowStreak: Int
    /// Repetitions since the level last changed (minimum dwell).
    public var runsAtLevel: Int
    /// Estimated probability that the step is mastered, 0…1 (shown to the coach).
    public var mastery: Double
    /// Fades of this step that trouble soon undid, not yet made good by a fade that held: each
    /// asks for a longer clean streak before the next fade (see `GuidanceModel.cleanRunsToFade`).
    public var failedFades: Int
    /// The last level change was a fade (so trouble soon after it means the fade failed).
    public var lastChangeWasFade: Bool
    /// Repetitions in a row without trouble, whatever their tempo (the evidence of a trial fade).
    public var steadyRuns: Int

    public init(
        level: GuidanceLevel, runs: Int = 0, cleanStreak: Int = 0, slowStreak: Int = 0, runsAtLevel: Int = 0,
        mastery: Double = 0.1, failedFades: Int = 0, lastChangeWasFade: Bool = false, steadyRuns: Int = 0
    ) {
        self.level = level
        self.runs = runs
        self.cleanStreak = cleanStreak
        self.slowStreak = slowStreak
        self.runsAtLevel = runsAtLevel
        self.mastery = mastery
        self.failedFades = failedFades
        self.lastChangeWasFade = lastChangeWasFade
        self.steadyRuns = steadyRuns
    }
}

extension StepSkill {
    enum CodingKeys: String, CodingKey {
        case level, runs, cleanStreak, slowStreak, runsAtLevel, mastery, failedFades, lastChangeWasFade, steadyRuns
    }

    /// Skill saved before `failedFades` or `steadyRuns` existed reads as none of them.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            level: try c.decode(GuidanceLevel.self, forKey: .level), runs: try c.decode(Int.self, forKey: .runs),
            cleanStreak: try c.decode(Int.self, forKey: .cleanStreak),
            slowStreak: try c.decode(Int.self, forKey: .slowStreak),
            runsAtLevel: try c.decode(Int.self, forKey: .runsAtLevel),
            mastery: try c.decode(Double.self, forKey: .mastery),
            failedFades: try c.decodeIfPresent(Int.self, forKey: .failedFades) ?? 0,
            lastChangeWasFade: try c.decodeIfPresent(Bool.self, forKey: .lastChangeWasFade) ?? false,
            steadyRuns: try c.decodeIfPresent(Int.self, forKey: .steadyRuns) ?? 0)
    }
}
