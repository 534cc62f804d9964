import StepwiseCore

/// One run of one step by a simulated worker, as a policy gets to see it.
public struct SimulatedRun: Hashable, Sendable {
    public var step: SimulatedTask.Step
    /// When the step could be started.
    public var start: Instant
    /// A break taken before the work (the worker was away).
    public var pauseSeconds: Double
    /// Working time, error correction included.
    public var workSeconds: Double
    public var error: Bool
    public var help: Bool

    public init(
        step: SimulatedTask.Step, start: Instant, pauseSeconds: Double = 0, workSeconds: Double, error: Bool = false,
        help: Bool = false
    ) {
        self.step = step
        self.start = start
        self.pauseSeconds = pauseSeconds
        self.workSeconds = workSeconds
        self.error = error
        self.help = help
    }

    public var end: Instant { start.adding(seconds: pauseSeconds + workSeconds) }
    /// Working time ÷ target.
    public var tempo: Double { workSeconds / step.targetSeconds }
}

/// A guidance policy under evaluation, for one worker: it chooses the level at the start of
/// each run and learns from the run afterwards.
public protocol GuidanceController {
    mutating func startSession(at: Instant)
    /// The level shown when `step`'s run starts.
    mutating func level(of step: SimulatedTask.Step) -> GuidanceLevel
    /// The level shown for the rest of a run after the worker pressed help.
    func levelAfterHelp(_ shown: GuidanceLevel) -> GuidanceLevel
    mutating func finish(_ run: SimulatedRun)
    /// The cycle's last step finished at `at`.
    mutating func endCycle(at: Instant)
    mutating func endSession(at: Instant)
}

extension GuidanceController {
    public func levelAfterHelp(_ shown: GuidanceLevel) -> GuidanceLevel { shown }
    public mutating func startSession(at: Instant) {}
    public mutating func endCycle(at: Instant) {}
    public mutating func endSession(at: Instant) {}
}

/// The policies `stepwise evaluate` compares.
public enum PolicyKind: String, CaseIterable, Hashable, Sendable {
    case alwaysFull = "always-full"
    case motionEAP = "motioneap"
    case tempoThreshold = "tempo-threshold"
    case stepwise = "stepwise"

    /// A fresh controller for one worker with the coach's `floor`; `policy` is the instruction
    /// set's guidance policy the `stepwise` machine runs with.
    public func controller(
        task: SimulatedTask, floor: GuidanceLevel, worker: String, policy: GuidancePolicy = .init()
    ) -> any GuidanceController {
        switch self {
        case .alwaysFull: AlwaysFull()
        case .motionEAP: MotionEAP(floor: floor)
        case .tempoThreshold: TempoThreshold(task: task, floor: floor)
        case .stepwise:
            StepwiseMachine(task: task, worker: worker, controls: CoachControls(floor: floor), policy: policy)
        }
    }
}

/// Full guidance at every step, always: the non-adaptive system.
public struct AlwaysFull: GuidanceController {
    public init() {}
    public func level(of step: SimulatedTask.Step) -> GuidanceLevel { .full }
    public func finish(_ run: SimulatedRun) {}
}
