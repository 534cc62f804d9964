import StepwiseCore
import StepwiseDevices

/// What one step of the station (an event, a reload, a retry, an animation frame) left for the loop
/// to do: the timers to arm, the projector's condition, what was handed to the log and the event
/// that must follow. The loop acts on this value; it never reads the station back.
public struct StationStep {
    /// The machine's next deadline (hesitation, fade-out); nil: none. In station time.
    public var wakeUp: Instant?
    /// The renderer's next animation frame; nil while nothing animates.
    public var animation: Instant?
    public var projector: ProjectorCondition
    /// The rectangles presented in this step (empty: the frame did not change).
    public var presented: [PixelRect] = []
    /// The records handed to the log writer, stamped with wall time (the console echo prints them).
    public var records: [QualityRecord] = []
    /// The skill handed to the log writer, if it changed.
    public var skill: WorkerSkill?
    /// An event the loop feeds next, at the same instant: the fault of a present that failed, or
    /// the clearing of that fault once a reopened projector shows the whole frame again.
    public var next: StationEvent?

    public init(wakeUp: Instant? = nil, animation: Instant? = nil, projector: ProjectorCondition = .working) {
        self.wakeUp = wakeUp
        self.animation = animation
        self.projector = projector
    }

    /// The projector after a step.
    public enum ProjectorCondition: Equatable {
        case working
        /// Missing or failed: the loop retries it every few seconds.
        case failed
        /// Opened (at start or by a retry), with what its driver refused, for the log.
        case opened(warnings: [DeviceError])
    }
}
