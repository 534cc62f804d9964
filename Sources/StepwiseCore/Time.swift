/// A point in time: nanoseconds since the Unix epoch.
///
/// Inside the station an instant is station time: it starts at the wall time of the daemon's
/// start and then advances with CLOCK_MONOTONIC only (the kernel's GPIO stamps go straight in),
/// so durations, deadlines and levels never jump when NTP steps the wall clock. The runtime
/// attaches wall time to each record as it hands it to the log, where `at` is wall time, because
/// skill must survive reboots and forgetting is counted in days. The core never reads a clock:
/// every instant arrives inside an event.
public struct Instant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var nanoseconds: UInt64

    /// The last instant there is (in the year 2554): a deadline that never comes.
    public static let distantFuture = Instant(nanoseconds: .max)

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// `seconds` since the epoch, clamped: negative and NaN give the epoch, anything past
    /// `distantFuture` (+∞ too) gives `distantFuture`. Clamped rather than checked because the
    /// core derives instants from durations (a deadline three targets away) and must stay total;
    /// a reader that must refuse such a time uses `init?(exactlySeconds:)` and says where it was.
    public init(seconds: Double) { nanoseconds = Nanoseconds.clamping(seconds, unit: Nanoseconds.perSecond) }

    /// `seconds` since the epoch, or nil when that is not finite, negative or past `distantFuture`.
    public init?(exactlySeconds seconds: Double) {
        guard let value = Nanoseconds.exactly(seconds, unit: Nanoseconds.perSecond) else { return nil }
        nanoseconds = value
    }

    public var seconds: Double { Double(nanoseconds) / 1e9 }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Seconds from `earlier` to `self`; zero if `earlier` is later.
    public func seconds(since earlier: Instant) -> Double {
        nanoseconds >= earlier.nanoseconds ? Double(nanoseconds - earlier.nanoseconds) / 1e9 : 0
    }

    /// `seconds` later, saturating at `distantFuture`; a negative or NaN duration adds nothing.
    public func adding(seconds: Double) -> Instant {
        Instant(
            nanoseconds: Nanoseconds.saturatingSum(
                nanoseconds, Nanoseconds.clamping(seconds, unit: Nanoseconds.perSecond)))
    }

    /// `seconds` earlier, saturating at the epoch; a negative or NaN duration takes nothing away.
    /// (`adding` never goes back: a "forget before now − window" written with it forgot everything.)
    public func subtracting(seconds: Double) -> Instant {
        let taken = Nanoseconds.clamping(seconds, unit: Nanoseconds.perSecond)
        return Instant(nanoseconds: nanoseconds > taken ? nanoseconds - taken : 0)
    }

    public var description: String { String(format3(seconds)) + "s" }
}

/// Durations as whole nanoseconds, converted from `Double` without ever trapping: a plain
/// `UInt64(someDouble)` traps on NaN, on ±∞ and on anything at or above 2⁶⁴.
public enum Nanoseconds {
    public static let perSecond = 1e9
    public static let perMillisecond = 1e6
    /// 2⁶⁴ as a Double: the first value `UInt64(_:)` cannot hold.
    static let limit = 18_446_744_073_709_551_616.0

    /// `value × unit` nanoseconds, rounded toward zero, clamped to `0…UInt64.max`; NaN gives 0.
    public static func clamping(_ value: Double, unit: Double) -> UInt64 {
        let scaled = value * unit
        guard scaled > 0 else { return 0 }  // also NaN
        return scaled < limit ? UInt64(scaled) : .max
    }

    /// `value × unit` nanoseconds, or nil when that is not finite, negative or not below 2⁶⁴.
    public static func exactly(_ value: Double, unit: Double) -> UInt64? {
        let scaled = value * unit
        guard scaled >= 0, scaled < limit else { return nil }  // also NaN and ±∞
        return UInt64(scaled)
    }

    /// `a + b`, or `UInt64.max` when the sum does not fit (a wrapped sum would lie in the past).
    public static func saturatingSum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }
}

@inline(__always) func format3(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 1000
    return "\(scaled)"
}
