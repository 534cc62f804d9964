import StepwiseCore
import StepwiseDevices

/// The station's loop timers, armed from each `StationStep`: the machine's next deadline, the
/// renderer's next animation frame, and the projector retry that exists only while it is failed.
/// Deadlines are in station time (`StationClock`) and become monotonic loop deadlines here.
///
/// Owned by the event-loop thread.
final class StationTimers {
    /// What a timer does when it fires (set once, at wiring).
    struct Actions {
        /// The machine's deadline came: feed `.deadline`.
        var wake: () -> Void
        /// Draw the animation frame for this instant.
        var animate: (Instant) -> Void
        /// Try to open the projector again.
        var retryProjector: () -> Void
    }

    let clock: StationClock
    private unowned let loop: EventLoop
    private var actions: Actions?
    private var wake: (at: Instant, token: TimerToken)?
    private var animation: (at: Instant, token: TimerToken)?
    private var projectorRetry: TimerToken?

    /// How long a missing projector waits before the next attempt to open it.
    static let projectorRetrySeconds = 3.0

    init(clock: StationClock, loop: EventLoop) {
        self.clock = clock
        self.loop = loop
    }

    func start(_ actions: Actions) { self.actions = actions }

    /// Station time now.
    func now() -> Instant { clock.now() }

    /// Re-arms what `step` asks for; a timer already armed for the same instant stays.
    func arm(_ step: StationStep) {
        if step.wakeUp != wake?.at {
            if let token = wake?.token { loop.cancel(token) }
            wake = step.wakeUp.map { due in (due, schedule(due) { [weak self] in self?.fireWake() }) }
        }
        if step.animation != animation?.at {
            if let token = animation?.token { loop.cancel(token) }
            animation = step.animation.map { due in (due, schedule(due) { [weak self] in self?.fireAnimation(due) }) }
        }
        if step.projector == .failed, projectorRetry == nil {
            let due = MonotonicInstant.now().adding(seconds: Self.projectorRetrySeconds)
            projectorRetry = loop.schedule(at: due) { [weak self] in
                self?.projectorRetry = nil
                self?.actions?.retryProjector()
            }
        }
    }

    private func schedule(_ instant: Instant, _ handler: @escaping () -> Void) -> TimerToken {
        loop.schedule(at: clock.deadline(for: instant), handler)
    }

    private func fireWake() {
        wake = nil
        actions?.wake()
    }

    private func fireAnimation(_ due: Instant) {
        animation = nil
        // Never a frame for a time before the one asked for; a late timer just draws the later phase.
        actions?.animate(max(due, clock.now()))
    }
}
