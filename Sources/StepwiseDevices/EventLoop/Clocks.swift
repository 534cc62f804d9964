import Glibc
import StepwiseCore

/// A point on CLOCK_MONOTONIC, in nanoseconds: the clock of the kernel's GPIO edge stamps and of
/// every deadline. It never jumps, so debounce and timers stay right when NTP moves wall time.
public struct MonotonicInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: UInt64

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// Milliseconds, for timelines written by hand in tests and replay files; clamped like
    /// `Instant(seconds:)` (negative and NaN give 0, too large gives `UInt64.max`), never a trap.
    public init(milliseconds: Double) {
        nanoseconds = Nanoseconds.clamping(milliseconds, unit: Nanoseconds.perMillisecond)
    }

    /// The current monotonic time.
    public static func now() -> MonotonicInstant {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return MonotonicInstant(nanoseconds: UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec))
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Saturating: a deadline too far away to represent never comes (a wrapped sum would fire at once).
    public func adding(nanoseconds delta: UInt64) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: Nanoseconds.saturatingSum(nanoseconds, delta))
    }

    /// Negative and NaN durations add nothing; too large ones saturate (see `adding(nanoseconds:)`).
    public func adding(milliseconds: Double) -> MonotonicInstant {
        adding(nanoseconds: Nanoseconds.clamping(milliseconds, unit: Nanoseconds.perMillisecond))
    }

    public func adding(seconds: Double) -> MonotonicInstant {
        adding(nanoseconds: Nanoseconds.clamping(seconds, unit: Nanoseconds.perSecond))
    }

    public var description: String { "mono \(Double(nanoseconds) / 1e9)s" }
}

/// The wall clock (CLOCK_REALTIME): the clock of the quality log.
public enum WallClock {
    public static func now() -> Instant {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Instant(nanoseconds: UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec))
    }
}

/// Wall time minus monotonic time, measured once at start-up, so a kernel edge stamp becomes the
/// wall `Instant` that travels unchanged to the log. Measured once on purpose: every event of a
/// run shifts by the same amount, so durations between events stay exact even if NTP steps.
public struct ClockOffset: Hashable, Sendable {
    /// Nanoseconds to add to a monotonic stamp to get wall time.
    public var wallMinusMonotonic: Int64

    public init(wallMinusMonotonic: Int64) { self.wallMinusMonotonic = wallMinusMonotonic }

    /// Reads both clocks back to back; the monotonic reading is bracketed to halve the gap.
    public static func measure() -> ClockOffset {
        let before = MonotonicInstant.now().nanoseconds
        let wall = WallClock.now().nanoseconds
        let after = MonotonicInstant.now().nanoseconds
        let mid = before / 2 + after / 2
        return ClockOffset(wallMinusMonotonic: Int64(bitPattern: wall &- mid))
    }

    /// The wall instant of a monotonic stamp.
    public func wall(_ instant: MonotonicInstant) -> Instant {
        Instant(nanoseconds: UInt64(bitPattern: Int64(bitPattern: instant.nanoseconds) &+ wallMinusMonotonic))
    }
}
