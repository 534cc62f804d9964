import Foundation
import StepwiseCore
import StepwiseEvaluation

/// How much work the fit does: bootstrap resamples, cross-validation folds, and the seed of both.
public struct FitOptions: Hashable, Sendable {
    public var resamples: Int
    public var folds: Int
    public var seed: UInt64
    public init(resamples: Int = 20, folds: Int = 5, seed: UInt64 = 1) {
        self.resamples = resamples
        self.folds = folds
        self.seed = seed
    }
}

/// Fits the learner model to a quality log, step by step: the practice curve and step times
/// first (times say most about skill), fatigue over all steps, then the errors under each mastery
/// model; the model that predicts held-out workers better is kept, and workers are resampled for
/// the intervals.
public enum WorkshopFit {
    /// Cross-validation by worker needs workers to hold out.
    public static let minimumWorkers = 2
    /// The prior the first time fit assumes (the learner model's default initial skill).
    static let provisionalPrior = 0.1

    public static func fit(_ log: LogRuns, options: FitOptions = .init()) throws(FitError) -> FitResult {
        let steps = log.steps
        let workers = log.workers
        guard workers.count >= minimumWorkers else { throw .tooFewWorkers(workers.count, needed: minimumWorkers) }
        let forgets = steps.contains { $0.workers.contains { $0.runs.contains { $0.daysAway > 0 } } }
        // Times first with a provisional prior (they tell the learning rate and forgetting, not
        // the prior), then the errors (they tell the prior), then the times again with it.
        var times = steps.map { StepTimeFit.fit($0, fatigue: .none, prior: provisionalPrior, forgets: forgets) }
        let fatigue = FatigueFit.fit(steps, times)
        let load = fatigue ?? .none
        let latent = zip(steps, times).map {
            KnowledgeTracingFit.fit($0, mastery: .latent, curve: $1.curve, fatigue: load)
        }
        let gradual = steps.indices.map { i in
            var curve = times[i].curve
            curve.prior = latent[i].prior
            return KnowledgeTracingFit.fit(steps[i], mastery: .gradual, curve: curve, fatigue: load).model
        }
        times = steps.indices.map { i in
            StepTimeFit.fit(
                steps[i], fatigue: load, prior: latent[i].prior, start: (times[i].curve, times[i].time),
                forgets: forgets)
        }
        // The errors once more on the final curve, so the estimate is a fixed point of what the
        // bootstrap repeats on each resample (`fitStep`) and its ranges are about the same thing.
        let models = steps.indices.map { i in
            let again = KnowledgeTracingFit.fit(
                steps[i], mastery: .latent, curve: times[i].curve, fatigue: load, start: latent[i].model)
            times[i].curve.prior = again.prior
            let smooth = KnowledgeTracingFit.fit(
                steps[i], mastery: .gradual, curve: times[i].curve, fatigue: load, start: gradual[i])
            return [MasteryKind.latent: again.model, .gradual: smooth.model]
        }
        let choice = ModelChooser.choose(
            steps, curves: times.map(\.curve), fatigue: load, starts: models, folds: options.folds, seed: options.seed)
        var fits = steps.indices.map { i in
            stepFit(steps[i], curve: times[i].curve, time: times[i].time, errors: models[i][choice.chosen]!)
        }
        for fit in fits where !fit.parameters.allSatisfy({ $0.value.isFinite }) {
            throw .unusableValue("the fit of step '\(fit.step)' gave a value that is not a number")
        }
        let intervals = Bootstrap.intervals(
            steps, fits: fits, mastery: choice.chosen, fatigue: load, forgets: forgets, resamples: options.resamples,
            seed: options.seed)
        for i in fits.indices { fits[i].intervals = intervals[i] }
        return FitResult(
            instructionSet: log.instructionSet, workers: workers.count, runs: steps.map(\.runCount).reduce(0, +),
            steps: fits, choice: choice, fatigue: fatigue, resamples: options.resamples > 1 ? options.resamples : 0,
            schedule: schedule(log.sessions), forgettingSeen: forgets)
    }

    /// One step under one model, from a previous fit's values (the bootstrap's refits).
    static func fitStep(
        _ step: StepHistory, mastery: MasteryKind, fatigue: Fatigue, forgets: Bool, start: StepFit
    ) -> StepFit {
        let time = StepTimeFit.fit(
            step, fatigue: fatigue, prior: start.curve.prior, start: (start.curve, start.time), forgets: forgets)
        let errors = KnowledgeTracingFit.fit(
            step, mastery: mastery, curve: time.curve, fatigue: fatigue, start: start.errors)
        var curve = time.curve
        curve.prior = errors.prior
        return stepFit(step, curve: curve, time: time.time, errors: errors.model)
    }

    static func stepFit(_ step: StepHistory, curve: SkillCurve, time: StepTime, errors: ErrorModel) -> StepFit {
        StepFit(
            step: step.step, runs: step.runCount, workers: step.workers.count, curve: curve, time: time,
            errors: errors, helpProbability: helpProbability(step, curve: curve))
    }

    /// Help asked ÷ help expected per unit of probability: a worker asks with chance
    /// p × (1 − skill) × (1 − help shown), so p is the ratio (the same under both mastery models).
    static func helpProbability(_ step: StepHistory, curve: SkillCurve) -> Double {
        var asked = 0.0, exposure = 0.0
        for worker in step.workers {
            for (run, s) in zip(worker.runs, curve.skills(worker.runs)) {
                asked += run.help ? 1 : 0
                exposure += (1 - s) * (1 - Double(run.shown.rawValue) / 3)
            }
        }
        return exposure > 0 ? min(1, asked / exposure) : 0
    }

    /// The typical worker's schedule: medians of sessions, session length and days between sessions.
    static func schedule(_ sessions: [String: [(start: Instant, hours: Double)]]) -> Schedule {
        var schedule = Schedule()
        let lists = sessions.values.filter { !$0.isEmpty }
        guard !lists.isEmpty else { return schedule }
        schedule.sessions = max(1, Int(median(lists.map { Double($0.count) }).rounded()))
        let hours = median(lists.flatMap { $0.map(\.hours) })
        schedule.hoursPerSession = max(0.05, (hours * 20).rounded(.up) / 20)
        let gaps = lists.flatMap { list in
            zip(list.dropFirst(), list).map { $0.start.seconds(since: $1.start) / 86_400 }
        }
        if !gaps.isEmpty { schedule.daysBetweenSessions = max(0, (median(gaps) * 10).rounded() / 10) }
        return schedule
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
