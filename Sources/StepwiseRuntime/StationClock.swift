import StepwiseCore
import StepwiseDevices

/// The daemon's sense of time. Normally the wall clock; a replay at `--speed 4` runs it four
/// times faster, so the machine sees the recorded tempo (a step that took 20 s in the trace is
/// 20 s to the guidance model) and its deadlines come four times sooner.
struct StationClock {
    let speed: Double
    private let startWall: Instant
    private let startMonotonic: MonotonicInstant

    init(speed: Double = 1) {
        self.speed = max(0.01, speed)
        startWall = WallClock.now()
        startMonotonic = MonotonicInstant.now()
    }

    func now() -> Instant {
        guard speed != 1 else { return WallClock.now() }
        let elapsed = Double(MonotonicInstant.now().nanoseconds &- startMonotonic.nanoseconds) / 1e9
        return startWall.adding(seconds: elapsed * speed)
    }

    /// When, on the monotonic clock, station time reaches `instant`.
    func deadline(for instant: Instant) -> MonotonicInstant {
        MonotonicInstant.now().adding(seconds: instant.seconds(since: now()) / speed)
    }
}
