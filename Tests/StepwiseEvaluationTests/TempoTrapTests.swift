import Foundation
import StepwiseCore
import Testing

@testable import StepwiseEvaluation

/// Fast learners whom full guidance slows by 20 %: under full guidance they are never on tempo,
/// so fading on tempo alone never fades them. The trial fade is the way out.
@Suite struct TempoTrapTests {
    @Test func theTrialFadeFreesFastLearnersWithoutMoreErrors() throws {
        let population = try PopulationFile.load(path: Fixture.path("Populations/fast-learners.yaml")).get()
        var trial = GuidancePolicy()
        trial.trialFadeRuns = 6
        let before = EvaluationReport.evaluate(population, policies: [.stepwise], seed: 1)
        let after = EvaluationReport.evaluate(population, policies: [.alwaysFull, .stepwise], seed: 1, guidance: trial)
        let trapped = try #require(before.policies["stepwise"]), freed = try #require(after.policies["stepwise"])
        let full = try #require(after.policies["always-full"])
        #expect(trapped.overGuidedShare > 0.5, "without the rule: \(trapped.overGuidedShare)")
        #expect(freed.overGuidedShare < 0.25, "with it: \(freed.overGuidedShare)")
        #expect(freed.errorsPer100Cycles <= full.errorsPer100Cycles + 0.05)
    }
}
