/// One copy of a worker's state, as one station or the central store holds it: per set the
/// learned skill of each step and the coach's limits, and the display preferences, each with the
/// stamp that decides between two copies (`reconciled(with:)`).
public struct WorkerState: Hashable, Sendable {
    public var worker: WorkerPseudonym
    public var sets: [InstructionSetID: WorkerSetState]
    /// Nil when this copy knows of no preference ever set (standard display).
    public var preferences: Stamped<WorkerPreferences>?

    public init(
        worker: WorkerPseudonym, sets: [InstructionSetID: WorkerSetState] = [:],
        preferences: Stamped<WorkerPreferences>? = nil
    ) {
        self.worker = worker
        self.sets = sets
        self.preferences = preferences
    }
}

/// A worker's state in one instruction set.
public struct WorkerSetState: Hashable, Sendable {
    /// Per step id: the skill and when a station last observed the step change it.
    public var steps: [String: Stamped<StepSkill>]
    /// Completed cycles; a copy never has fewer than it saw, so two copies merge to the larger.
    public var cycles: Int
    public var lastPractice: Instant?
    /// The coach's limits and when the coach set them; nil when no coach ever did (the defaults).
    public var limits: Stamped<CoachControls>?

    public init(
        steps: [String: Stamped<StepSkill>] = [:], cycles: Int = 0, lastPractice: Instant? = nil,
        limits: Stamped<CoachControls>? = nil
    ) {
        self.steps = steps
        self.cycles = cycles
        self.lastPractice = lastPractice
        self.limits = limits
    }

    /// The state as the guidance model takes it.
    public func skill(of worker: WorkerPseudonym, in set: InstructionSetID) -> WorkerSkill {
        WorkerSkill(
            worker: worker, instructionSet: set, steps: steps.mapValues(\.value), cycles: cycles,
            controls: limits?.value ?? CoachControls(), lastPractice: lastPractice)
    }
}

/// A value with the wall time it was last changed (a step observed, a coach's edit).
public struct Stamped<Value: Hashable & Sendable>: Hashable, Sendable {
    public var value: Value
    public var at: Instant

    public init(_ value: Value, at: Instant) {
        self.value = value
        self.at = at
    }
}
