/// A point in time: nanoseconds since the Unix epoch.
///
/// The kernel stamps GPIO edges on CLOCK_MONOTONIC; the device layer shifts that stamp onto the
/// wall clock once (by an offset it measures) and it then travels unchanged from the sensor to
/// the quality log. Wall time, because skill must survive reboots and forgetting is counted in
/// days. The core never reads a clock: every instant arrives inside an event.
public struct Instant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var nanoseconds: UInt64

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }
    public init(seconds: Double) { self.nanoseconds = UInt64(max(0, seconds) * 1e9) }

    public var seconds: Double { Double(nanoseconds) / 1e9 }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Seconds from `earlier` to `self`; zero if `earlier` is later.
    public func seconds(since earlier: Instant) -> Double {
        nanoseconds >= earlier.nanoseconds ? Double(nanoseconds - earlier.nanoseconds) / 1e9 : 0
    }

    public func adding(seconds: Double) -> Instant {
        Instant(nanoseconds: nanoseconds &+ UInt64(max(0, seconds) * 1e9))
    }

    public var description: String { String(format3(seconds)) + "s" }
}

@inline(__always) func format3(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 1000
    return "\(scaled)"
}
