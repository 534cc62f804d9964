/// How many times faster than recorded a replay plays (`stepwised --speed`).
public enum ReplaySpeed {
    /// A hundred times slower to a thousand times faster (a day's trace in under 90 s). Beyond
    /// it a replay either seems never to advance or plays everything at once; 0, NaN and ∞ are
    /// not speeds at all.
    public static let range: ClosedRange<Double> = 0.01...1000

    /// What is wrong with `speed` for the command line to show, or nil when it can be used.
    public static func problem(_ speed: Double) -> String? {
        guard speed.isFinite, range.contains(speed) else {
            return "--speed \(speed): expected a finite factor from 0.01 to 1000 (2 plays twice as fast)"
        }
        return nil
    }
}
