import Foundation
import StepwiseCore

/// A simulated worker's true state and behaviour. Skill per step follows the power law of
/// practice; forgetting shrinks the practice count over days away; guidance prevents the errors
/// of a step the worker does not know yet and speeds a novice up, but slows down a worker who no
/// longer needs it.
public struct Learner: Sendable {
    public let profile: LearnerProfile
    /// Effective practice (runs) per step id.
    public private(set) var practice: [String: Double] = [:]
    /// Per step, the skill at which this worker knows the step (`mastery: latent`); a step
    /// without one is known from skill 0.5 on.
    public let thresholds: [String: Double]

    public init(profile: LearnerProfile, thresholds: [String: Double] = [:]) {
        self.profile = profile
        self.thresholds = thresholds
    }

    /// A learner with a threshold per step drawn from `random` when mastery is latent (none is
    /// drawn for gradual mastery, so its random stream stays as it was).
    public init(profile: LearnerProfile, steps: [String], random: inout SeededRandom) {
        guard profile.mastery == .latent else {
            self.init(profile: profile)
            return
        }
        var drawn: [String: Double] = [:]
        for step in steps { drawn[step] = random.uniform() }
        self.init(profile: profile, thresholds: drawn)
    }

    /// 0 (novice) … 1 (master).
    public func skill(of step: String) -> Double {
        let start = min(1, max(0, profile.initialSkill(of: step)))
        let runs = practice[step] ?? 0
        return 1 - (1 - start) * pow(1 + runs, -profile.learningRate)
    }

    /// The part of the step the worker does not know: 1 − skill when mastery is gradual; 1 until
    /// the skill reaches the worker's threshold for the step and 0 from then on when it is latent
    /// (the same mean over workers, but each worker has a moment from which the step is known).
    public func unknown(_ step: String) -> Double {
        let s = skill(of: step)
        switch profile.mastery {
        case .gradual: return 1 - s
        case .latent: return s >= (thresholds[step] ?? 0.5) ? 0 : 1
        }
    }

    /// One run of `step` at `level`: a full run of practice, less the guidance hypothesis's share
    /// when the worker was ready for less help than they got.
    public mutating func practise(_ step: String, at level: GuidanceLevel = .silent) {
        let ready = skill(of: step) >= Self.ready
        practice[step, default: 0] += ready ? 1 - profile.guidanceLearning * Self.help(level) : 1
    }

    /// Skill from which a worker is ready for less help (the guidance hypothesis).
    static let ready = 0.5

    /// Days away: practice fades toward zero with the profile's forgetting time.
    public mutating func forget(days: Double) {
        guard days > 0, profile.forgetDays > 0 else { return }
        let keep = exp(-days / profile.forgetDays)
        for key in practice.keys { practice[key]! *= keep }
    }

    /// Fatigue as extra load: 0 until the onset, then `fatiguePerHour` per hour.
    public func fatigue(hoursIntoSession hours: Double) -> Double {
        max(0, hours - profile.fatigueOnsetHours) * profile.fatiguePerHour
    }

    /// How much of a level's help reaches the worker: full 1, hint ⅔, location ⅓, silent 0.
    static func help(_ level: GuidanceLevel) -> Double { Double(level.rawValue) / 3 }

    /// Probability of an error in one run of `step` shown at `level`.
    public func errorProbability(_ step: String, at level: GuidanceLevel, fatigue: Double = 0) -> Double {
        let lack = profile.noviceError * unknown(step) * (1 - profile.guidanceBenefit * Self.help(level))
        return min(0.95, (lack + profile.slip) * (1 + fatigue))
    }

    /// The least help at which the worker errs at most `tolerance` more often than under full
    /// guidance: what the worker truly needs. Anything above it is over-guidance.
    public func neededLevel(_ step: String, tolerance: Double) -> GuidanceLevel {
        let best = errorProbability(step, at: .full)
        let levels = GuidanceLevel.allCases.sorted()
        return levels.first { errorProbability(step, at: $0) <= best + tolerance } ?? .full
    }

    /// Chance the worker presses the help button in a run.
    public func helpProbability(_ step: String, at level: GuidanceLevel) -> Double {
        profile.helpProbability * unknown(step) * (1 - Self.help(level))
    }

    /// Working time of one run (breaks excluded), before any error correction. `noise` is a
    /// standard normal draw.
    public func workSeconds(
        _ step: SimulatedTask.Step, at level: GuidanceLevel, fatigue: Double, noise: Double
    ) -> Double {
        let s = skill(of: step.id), g = Self.help(level)
        let searching = 1 + profile.noviceSlowness * (1 - s) * (1 - 0.5 * g)
        let reading = 1 + profile.expertPenalty * s * g
        let spread = exp(profile.timeNoise * noise - profile.timeNoise * profile.timeNoise / 2)
        return step.targetSeconds * searching * reading * (1 + fatigue) * spread
    }
}
