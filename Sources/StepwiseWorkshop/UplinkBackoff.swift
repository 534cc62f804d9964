/// How long to wait before the next try at an unreachable server: doubling from `first` up to
/// `cap`, each wait drawn at random from its upper half ("equal jitter"), so stations that lost the
/// server together do not all come back in the same second. A value: the caller supplies the draw.
public struct UplinkBackoff: Sendable, Equatable {
    public var first: Double
    public var cap: Double
    public private(set) var failures = 0

    public init(first: Double = 0.5, cap: Double = 30) {
        self.first = first
        self.cap = cap
    }

    /// The wait after one more failure; `unit` is a random draw in 0..<1.
    public mutating func next(unit: Double) -> Double {
        let ceiling = min(cap, first * Double(1 << min(failures, 20)))
        failures += 1
        return ceiling / 2 + ceiling / 2 * min(max(unit, 0), 1)
    }

    /// After a success the next failure starts from `first` again.
    public mutating func reset() { failures = 0 }
}
