import Foundation

/// The power law of practice with forgetting, as the learner model has it: skill after `p` runs
/// of effective practice is 1 − (1 − prior)(1 + p)^−rate, and days away shrink practice by
/// e^(−days/forgetDays). In knowledge-tracing terms the skill is the chance the step is known.
public struct SkillCurve: Hashable, Sendable, Codable {
    public var prior: Double
    public var learningRate: Double
    public var forgetDays: Double

    public init(prior: Double, learningRate: Double, forgetDays: Double) {
        self.prior = prior
        self.learningRate = learningRate
        self.forgetDays = forgetDays
    }

    /// The skill at the start of each run.
    func skills(_ runs: [ObservedRun]) -> [Double] {
        var practice = 0.0
        var out: [Double] = []
        out.reserveCapacity(runs.count)
        for run in runs {
            if run.daysAway > 0, forgetDays > 0 { practice *= exp(-run.daysAway / forgetDays) }
            out.append(1 - (1 - prior) * pow(1 + practice, -learningRate))
            practice += 1
        }
        return out
    }

    /// Runs until half the workers know the step (skill 0.5), nil if they know it from the start
    /// or never will.
    public var runsToHalf: Double? {
        guard prior < 0.5, learningRate > 0 else { return nil }
        return pow((1 - prior) / 0.5, 1 / learningRate) - 1
    }
}

/// Fatigue within a session: 0 until the onset, then `perHour` more time and errors per hour.
public struct Fatigue: Hashable, Sendable, Codable {
    public var onsetHours: Double
    public var perHour: Double
    public static let none = Fatigue(onsetHours: 24, perHour: 0)

    public init(onsetHours: Double, perHour: Double) {
        self.onsetHours = onsetHours
        self.perHour = perHour
    }

    func load(_ run: ObservedRun) -> Double { max(0, run.hoursIntoSession - onsetHours) * perHour }
}
