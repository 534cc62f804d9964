import Foundation

/// The step-time model of one step: a master's time unguided, how much slower a novice is
/// without guidance (guidance halves that at full), and how much full guidance slows a master.
public struct StepTime: Hashable, Sendable, Codable {
    public var masterSeconds: Double
    public var noviceSlowness: Double
    public var expertPenalty: Double
    /// Standard deviation of the log-time.
    public var timeNoise: Double

    /// The expected factor on a master's time (before noise) at `skill` and help `g` (0…1).
    static func factor(skill s: Double, help g: Double, noviceSlowness: Double, expertPenalty: Double) -> Double {
        (1 + noviceSlowness * (1 - s) * (1 - 0.5 * g)) * (1 + expertPenalty * s * g)
    }
}

/// Fits the practice curve and the step-time model of one step by maximum likelihood on the
/// log-times of error-free runs (an error's correction time is another matter). With log-normal
/// noise the master's time and the noise have closed forms, so the simplex searches only the
/// curve (prior, rate, forgetting) and the two guidance effects on time.
enum StepTimeFit {
    struct Result {
        var curve: SkillCurve
        var time: StepTime
        /// Negative log-likelihood per run, up to a constant (for the fatigue search).
        var cost: Double
        /// The error-free runs the times came from.
        var timedRuns: Int
    }

    /// `prior` is given: in the time model it is confounded with the novice slowness (a novice
    /// who knows 15 % of the step and is 1.5 × slow looks the same as one who knows nothing and is
    /// 1.28 × slow); the errors tell it (see `KnowledgeTracingFit`).
    static func fit(
        _ history: StepHistory, fatigue: Fatigue, prior: Double, start: (SkillCurve, StepTime)? = nil, forgets: Bool
    ) -> Result {
        let x0 =
            start.map { encode($0.0, $0.1) }
            ?? [Scale.logOf(0.5), Scale.logOf(30), Scale.logOf(1), Scale.logOf(0.1)]
        let best = NelderMead.minimize(
            { x in cost(history, decode(x, prior: prior, forgets: forgets), fatigue: fatigue).cost }, from: x0)
        return cost(history, decode(best.point, prior: prior, forgets: forgets), fatigue: fatigue)
    }

    /// Without any time away in the log forgetting cannot be seen: it stays at the learner model's default.
    static let unseenForgetDays = 30.0

    static func decode(_ x: [Double], prior: Double, forgets: Bool) -> (SkillCurve, slowness: Double, penalty: Double) {
        let curve = SkillCurve(
            prior: prior, learningRate: min(5, Scale.positive(x[0])),
            forgetDays: forgets ? min(3650, max(0.5, Scale.positive(x[1]))) : unseenForgetDays)
        return (curve, min(20, Scale.positive(x[2])), min(5, Scale.positive(x[3])))
    }

    static func encode(_ curve: SkillCurve, _ time: StepTime) -> [Double] {
        [
            Scale.logOf(curve.learningRate), Scale.logOf(curve.forgetDays), Scale.logOf(time.noviceSlowness),
            Scale.logOf(time.expertPenalty),
        ]
    }

    /// The residual log-times' variance is the profile likelihood: −log L = n/2 · log σ² + const.
    static func cost(
        _ history: StepHistory, _ p: (SkillCurve, slowness: Double, penalty: Double), fatigue: Fatigue
    ) -> Result {
        var n = 0.0, sum = 0.0, squares = 0.0
        for worker in history.workers {
            let skills = p.0.skills(worker.runs)
            for (run, s) in zip(worker.runs, skills) where !run.error {
                let f = StepTime.factor(
                    skill: s, help: run.help01, noviceSlowness: p.slowness, expertPenalty: p.penalty)
                let r = log(run.seconds) - log(f) - log(1 + fatigue.load(run))
                n += 1
                sum += r
                squares += r * r
            }
        }
        let mean = sum / max(n, 1), variance = max(squares / max(n, 1) - mean * mean, 1e-12)
        let time = StepTime(
            masterSeconds: exp(mean + variance / 2), noviceSlowness: p.slowness, expertPenalty: p.penalty,
            timeNoise: variance.squareRoot())
        return Result(curve: p.0, time: time, cost: n > 0 ? 0.5 * log(variance) : .infinity, timedRuns: Int(n))
    }
}
