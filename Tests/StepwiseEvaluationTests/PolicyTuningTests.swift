import Foundation
import StepwiseCore
import Testing

@testable import StepwiseEvaluation

@Suite struct PolicyTuningTests {
    /// On the tempo trap's population the search finds the trial fade, keeps errors within the
    /// tolerance of always-full's, and guides less than the defaults.
    @Test func theTunedPolicyGuidesLessWithinTheErrorLimit() throws {
        let population = try PopulationFile.load(path: Fixture.path("Populations/fast-learners.yaml")).get()
        let keys = PolicyTuning.keys.filter { ["trial-fade-runs", "fade-tempo"].contains($0.name) }
        let tuning = PolicyTuning(population, seed: 1, keys: keys)
        let full = try #require(tuning.baselines["always-full"])
        #expect(tuning.tried == 6)
        #expect(tuning.best.metrics.errorsPer100Cycles <= full.errorsPer100Cycles + tuning.tolerance)
        #expect(tuning.best.metrics.overGuidedShare < tuning.defaults.overGuidedShare)
        #expect(tuning.best.policy.trialFadeRuns > 0)
        #expect(tuning.policyBlock.contains("trial-fade-runs:"))
    }
}
