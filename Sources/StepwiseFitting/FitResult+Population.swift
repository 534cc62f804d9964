import Foundation
import StepwiseEvaluation

extension FitResult {
    /// A population file `stepwise evaluate` runs: the fitted learners as the defaults, each
    /// step's prior as its step skill, a master's time as its target, the log's typical schedule,
    /// as many workers as the log holds (fewer if the evaluation's step-run bound asks for it).
    /// A population file has one learning rate, slip, … per worker, not per step, so those are the
    /// steps' values averaged by runs; the text says so at the top. Loaded back before it is
    /// returned, so what is written always loads.
    public func populationFile() -> Result<String, PopulationError> {
        var count = min(workers, PopulationLimits.workers)
        var text = populationText(workers: count)
        while case .success(let loaded) = PopulationFile.parse(text, name: "fitted"),
            loaded.estimatedStepRuns > PopulationLimits.stepRuns, count > 1
        {
            count = max(1, count * PopulationLimits.stepRuns / loaded.estimatedStepRuns)
            text = populationText(workers: count)
        }
        return PopulationFile.parse(text, name: "fitted").map { _ in text }
    }

    func populationText(workers count: Int) -> String {
        let weights = steps.map { Double($0.runs) }
        func mean(_ value: (StepFit) -> Double) -> Double {
            zip(steps, weights).map { value($0) * $1 }.reduce(0, +) / max(weights.reduce(0, +), 1)
        }
        // Four digits, and no 1e-28 in a file people read.
        func n(_ v: Double) -> String { String(format: "%.4g", abs(v) < 1e-4 ? 0 : v) }
        let task = steps.map { "  - {id: \($0.step), target-seconds: \(n(min(3600, $0.time.masterSeconds)))}" }
        let skills = steps.map { "\($0.step): \(n($0.curve.prior))" }.joined(separator: ", ")
        var defaults = [
            "mastery: \(choice.chosen.rawValue)", "initial-skill: \(n(mean(\.curve.prior)))",
            "step-skill: {\(skills)}", "learning-rate: \(n(mean(\.curve.learningRate)))",
            "novice-error: \(n(mean(\.errors.noviceError)))", "slip: \(n(mean(\.errors.slip)))",
            "guidance-benefit: \(n(mean(\.errors.guidanceBenefit)))",
            "novice-slowness: \(n(mean(\.time.noviceSlowness)))", "expert-penalty: \(n(mean(\.time.expertPenalty)))",
            "help-probability: \(n(mean(\.helpProbability)))", "forget-days: \(n(mean(\.curve.forgetDays)))",
            "time-noise: \(n(min(1, mean(\.time.timeNoise))))",
        ]
        if let fatigue {
            defaults += [
                "fatigue-onset-hours: \(n(min(24, fatigue.onsetHours)))", "fatigue-per-hour: \(n(fatigue.perHour))",
            ]
        }
        defaults.append(
            "schedule: {sessions: \(schedule.sessions), hours-per-session: \(n(schedule.hoursPerSession)), "
                + "days-between-sessions: \(n(schedule.daysBetweenSessions))}")
        let header = [
            "# Fitted by `stepwise fit` from the quality log of instruction set \(instructionSet):",
            "# \(workers) workers, \(runs) step runs; mastery model \(choice.chosen.rawValue) (cross-validated by worker).",
            "# A population file has one learning rate, slip, … per worker, not per step: these are the",
            "# steps' fitted values averaged by runs (per step: `stepwise fit` without --out).",
        ]
        return
            (header + ["name: fitted-\(instructionSet)", "task:"] + task + ["defaults:"]
            + defaults.map { "  " + $0 } + ["workers:", "  - name: fitted", "    count: \(count)"])
            .joined(separator: "\n") + "\n"
    }
}
