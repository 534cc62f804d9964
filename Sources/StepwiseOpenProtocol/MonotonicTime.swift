/// A point on a monotonic clock, in nanoseconds: how time reaches `ControllerSession`. The session never reads a
/// clock; the runtime passes CLOCK_MONOTONIC (and a test passes whatever it likes), so timers stay right when NTP
/// moves wall time.
public struct MonotonicTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: UInt64

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// `duration` later, saturating: a deadline too far away never comes (a wrapped sum would fire at once).
    /// Negative durations add nothing.
    public func advanced(by duration: Duration) -> MonotonicTime {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(duration.wholeNanoseconds)
        return MonotonicTime(nanoseconds: overflow ? .max : sum)
    }

    public var description: String { "mono \(Double(nanoseconds) / 1e9)s" }
}

extension Duration {
    /// Whole nanoseconds, 0 for negative durations, saturating at `UInt64.max`.
    var wholeNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (scaled, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(UInt64(max(attoseconds, 0) / 1_000_000_000))
        return overflow2 ? .max : sum
    }
}
