/// How long to wait before the next connection attempt: doubling from `initial` up to `cap`, and then a random
/// point in the upper half of that span, so several stations that lost the same controller do not all knock again
/// in the same millisecond.
public struct ReconnectBackoff: Hashable, Sendable {
    public var initial: Duration
    public var cap: Duration

    public init(initial: Duration = .seconds(1), cap: Duration = .seconds(60)) {
        self.initial = initial
        self.cap = cap
    }

    /// The span before jitter for the `attempt`-th retry in a row (0 for the first): initial × 2^attempt, capped.
    public func span(attempt: Int) -> UInt64 {
        let base = max(initial.wholeNanoseconds, 1)
        let cap = max(self.cap.wholeNanoseconds, base)
        let shift = min(max(attempt, 0), 62)
        let (scaled, overflow) = base.multipliedReportingOverflow(by: UInt64(1) << UInt64(shift))
        return overflow ? cap : min(scaled, cap)
    }

    /// The delay in nanoseconds: between half the span and the whole span.
    public func delay(attempt: Int, using random: inout some RandomNumberGenerator) -> UInt64 {
        let span = span(attempt: attempt)
        let half = span / 2
        return half + UInt64.random(in: 0...(span - half), using: &random)
    }
}
