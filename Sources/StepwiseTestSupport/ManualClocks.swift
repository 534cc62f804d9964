import StepwiseCore
import StepwiseDevices
import StepwiseRuntime
import Synchronization

/// A monotonic and a wall clock that move only when the test moves them: the monotonic one
/// forward, the wall one either way (an NTP step).
package final class ManualClocks: Sendable {
    private let monotonic: Atomic<UInt64>
    private let wall: Atomic<UInt64>

    package init(monotonicSeconds: Double = 1_000, wallSeconds: Double = 1_800_000_000) {
        monotonic = Atomic(Nanoseconds.clamping(monotonicSeconds, unit: Nanoseconds.perSecond))
        wall = Atomic(Nanoseconds.clamping(wallSeconds, unit: Nanoseconds.perSecond))
    }

    /// Time passes: both clocks advance by `seconds`.
    package func advance(seconds: Double) {
        let delta = Nanoseconds.clamping(seconds, unit: Nanoseconds.perSecond)
        monotonic.wrappingAdd(delta, ordering: .relaxed)
        wall.wrappingAdd(delta, ordering: .relaxed)
    }

    /// The wall clock is set `seconds` later (negative: earlier); monotonic time does not move.
    package func stepWall(seconds: Double) {
        let delta = Int64(seconds * Nanoseconds.perSecond)
        wall.wrappingAdd(UInt64(bitPattern: delta), ordering: .relaxed)
    }

    package var readings: StationClock.Readings {
        StationClock.Readings(
            monotonic: { MonotonicInstant(nanoseconds: self.monotonic.load(ordering: .relaxed)) },
            wall: { Instant(nanoseconds: self.wall.load(ordering: .relaxed)) })
    }
}
