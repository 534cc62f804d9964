import Foundation
import StepwiseCore
import StepwiseEvaluation
import Testing

@testable import StepwiseFitting

@Suite struct PopulationOutTests {
    /// `--out` writes a population `stepwise evaluate` loads and runs, with the fitted numbers.
    @Test func theFittedPopulationLoadsAndRuns() throws {
        let fitted = try Simulated.fit(Simulated.population(.latent, workers: 8, sessions: 2), seed: 3, resamples: 3)
        let text = try fitted.populationFile().get()
        let population = try PopulationFile.parse(text).get()
        #expect(population.workers.count == 8)
        #expect(population.workers[0].mastery == fitted.choice.chosen)
        #expect(population.task.steps.map(\.id) == ["fit-belt", "check"])
        #expect(abs(population.task.steps[0].targetSeconds - fitted.steps[0].time.masterSeconds) < 0.01)
        let report = EvaluationReport.evaluate(population, policies: [.stepwise], seed: 1)
        #expect((report.policies["stepwise"]?.cycles ?? 0) > 0)
        // The bootstrap's ranges hold the point estimate's neighbourhood and are named in the report.
        let interval = try #require(fitted.steps[0].intervals["prior"])
        #expect(interval.low <= interval.high)
        #expect(fitted.formattedText().contains("step fit-belt"))
        #expect(fitted.json().contains("\"held_out_log_likelihood\""))
    }
}
