/// Bayesian knowledge tracing for one step: the probability the worker masters it, updated
/// after every run and decayed by days without practice. Shown to the coach, never to the worker.
public struct MasteryModel: Hashable, Sendable {
    /// Chance to learn the step in one run.
    public var learn: Double
    /// Chance a master still makes a mistake.
    public var slip: Double
    /// Chance a novice does the step right anyway.
    public var guess: Double
    /// Fraction of mastery lost per day without practice.
    public var forgetPerDay: Double

    public init(learn: Double = 0.15, slip: Double = 0.1, guess: Double = 0.2, forgetPerDay: Double = 0.01) {
        self.learn = learn
        self.slip = slip
        self.guess = guess
        self.forgetPerDay = forgetPerDay
    }

    public static let standard = MasteryModel()

    /// The estimate after one run that was done right (`correct`) or not.
    public func update(_ p: Double, correct: Bool) -> Double {
        let p = clamp(p)
        let evidence =
            correct
            ? p * (1 - slip) / (p * (1 - slip) + (1 - p) * guess)
            : p * slip / (p * slip + (1 - p) * (1 - guess))
        let posterior = evidence.isFinite ? evidence : p
        return clamp(posterior + (1 - posterior) * learn)
    }

    /// The estimate after `days` without practice.
    public func forget(_ p: Double, days: Double) -> Double {
        guard days > 0 else { return clamp(p) }
        return clamp(p * pow1(1 - forgetPerDay, days))
    }

    private func clamp(_ p: Double) -> Double { min(1, max(0, p.isFinite ? p : 0)) }

    /// `base^exponent` without Foundation, for 0 < base ≤ 1 (repeated squaring on whole days,
    /// linear interpolation for the fraction: forgetting is slow, the error is negligible).
    private func pow1(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0, b = base, n = Int(exponent)
        while n > 0 {
            if n & 1 == 1 { result *= b }
            b *= b
            n >>= 1
        }
        let fraction = exponent - Double(Int(exponent))
        return result * (1 - fraction * (1 - base))
    }
}
