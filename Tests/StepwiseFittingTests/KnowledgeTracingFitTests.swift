import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFitting

@Suite struct KnowledgeTracingFitTests {
    /// The exact integral over the threshold agrees with a fine numerical one.
    @Test func theLatentLikelihoodIntegratesOverTheThreshold() {
        let runs = [true, false, true, false, false, false, true, false].enumerated().map { i, error in
            ObservedRun(level: i < 4 ? .full : .silent, error: error, seconds: 10, daysAway: i == 5 ? 3 : 0)
        }
        let curve = SkillCurve(prior: 0.1, learningRate: 0.7, forgetDays: 2)
        let model = ErrorModel(noviceError: 0.4, guidanceBenefit: 0.8, slip: 0.02)
        let exact = KnowledgeTracingFit.logLikelihood(
            runs, mastery: .latent, curve: curve, model: model, fatigue: .none)
        let skills = curve.skills(runs)
        let steps = 200_000
        var sum = 0.0
        for k in 0..<steps {
            let theta = (Double(k) + 0.5) / Double(steps)
            var l = 1.0
            for (run, s) in zip(runs, skills) {
                let p = s >= theta ? model.slip : model.unknownError(at: run.level)
                l *= run.error ? p : 1 - p
            }
            sum += l / Double(steps)
        }
        #expect(abs(exact - log(sum)) < 1e-3, "exact \(exact), numeric \(log(sum))")
    }

    /// Forgetting lowers the skill after days away, and practice raises it.
    @Test func theSkillCurveLearnsAndForgets() {
        let curve = SkillCurve(prior: 0.2, learningRate: 0.5, forgetDays: 1)
        let runs = [0.0, 0, 0, 5].map { ObservedRun(level: .full, error: false, seconds: 1, daysAway: $0) }
        let s = curve.skills(runs)
        #expect(abs(s[0] - 0.2) < 1e-12 && s[1] > s[0] && s[2] > s[1] && s[3] < s[2])
    }
}
