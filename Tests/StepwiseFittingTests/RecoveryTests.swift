import Foundation
import StepwiseCore
import StepwiseEvaluation
import Testing

@testable import StepwiseFitting

/// The fit recovers the parameters that generated a log (written by the shipped station machine
/// through the real quality log), within tolerances stated here, and tells the mastery models
/// apart. The logs are small to keep the tests quick, so the tolerances are those of a small log:
/// with 40 workers the share who know a step from the start is itself a 40-worker sample
/// (standard error about 0.06).
@Suite struct RecoveryTests {
    @Test func aLatentPopulationsParametersAreRecovered() throws {
        let fitted = try Simulated.fit(Simulated.population(.latent, workers: 40, sessions: 3, steps: 1), seed: 7)
        #expect(fitted.choice.chosen == .latent)
        let belt = try #require(fitted.steps.first)
        #expect(abs(belt.curve.prior - 0.15) < 0.12, "prior \(belt.curve.prior)")
        #expect(abs(belt.curve.learningRate - 0.4) < 0.1, "learning rate \(belt.curve.learningRate)")
        #expect(abs(belt.errors.slip - 0.01) < 0.006, "slip \(belt.errors.slip)")
        #expect(abs(belt.errors.noviceError - 0.4) < 0.12, "novice error \(belt.errors.noviceError)")
        #expect(abs(belt.errors.guidanceBenefit - 0.8) < 0.2, "benefit \(belt.errors.guidanceBenefit)")
        #expect(abs(belt.time.masterSeconds / 12 - 1) < 0.03, "master seconds \(belt.time.masterSeconds)")
        // Time shows the novice slowness only times the share not known at first.
        let slowness = belt.time.noviceSlowness * (1 - belt.curve.prior)
        #expect(abs(slowness - 1.5 * 0.85) < 0.2, "novice slowness × (1 − prior) \(slowness)")
        #expect(abs(belt.time.expertPenalty - 0.1) < 0.03, "expert penalty \(belt.time.expertPenalty)")
        #expect(abs(belt.time.timeNoise - 0.08) < 0.01, "time noise \(belt.time.timeNoise)")
        #expect(belt.curve.forgetDays > 2 && belt.curve.forgetDays < 8, "forget days \(belt.curve.forgetDays)")
    }

    @Test func aGradualPopulationsErrorsAreRecovered() throws {
        let fitted = try Simulated.fit(Simulated.population(.gradual, workers: 40, sessions: 3, steps: 1), seed: 8)
        #expect(fitted.choice.chosen == .gradual)
        let belt = try #require(fitted.steps.first)
        // Gradual errors show novice-error × (1 − prior) only (the prior comes from the latent fit).
        let novice = belt.errors.noviceError * (1 - belt.curve.prior)
        #expect(abs(novice - 0.4 * 0.85) < 0.08, "novice error × (1 − prior) \(novice)")
        #expect(abs(belt.errors.slip - 0.01) < 0.006, "slip \(belt.errors.slip)")
        #expect(abs(belt.curve.learningRate - 0.4) < 0.1, "learning rate \(belt.curve.learningRate)")
    }

    /// The generating model wins on at least 9 of 10 seeds, half of them latent, half gradual.
    @Test func theChooserPicksTheGeneratingModel() throws {
        var right = 0
        for seed in UInt64(1)...10 {
            let kind: MasteryKind = seed % 2 == 1 ? .latent : .gradual
            let fitted = try Simulated.fit(Simulated.population(kind, workers: 12, sessions: 2, steps: 1), seed: seed)
            if fitted.choice.chosen == kind { right += 1 }
        }
        #expect(right >= 9, "right on \(right) of 10 seeds")
    }
}
