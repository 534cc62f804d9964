import Foundation
import StepwiseCore
import StepwiseEvaluation

/// Which mastery model predicts the errors of workers it was not fitted on, and by how much.
public struct ModelChoice: Hashable, Sendable {
    public var chosen: MasteryKind
    /// Held-out log-likelihood of the errors, summed over every worker and step, per model.
    public var heldOut: [MasteryKind: Double]
    /// Chosen minus the other (≥ 0), and its standard error from the spread over workers.
    public var margin: Double
    public var standardError: Double
    public var folds: Int
    public var workers: Int

    /// The margin in standard errors: below 2 the log does not tell the models apart well.
    public var strength: Double { standardError > 0 ? margin / standardError : .infinity }
}

/// K-fold cross-validation by worker: each fold's workers are held out, both models' error
/// parameters are fitted on the other workers and scored on the held-out ones. The practice curve
/// and fatigue come from the fit on all workers: they are the same for both models, so they
/// favour neither.
enum ModelChooser {
    static func choose(
        _ steps: [StepHistory], curves: [SkillCurve], fatigue: Fatigue, starts: [[MasteryKind: ErrorModel]],
        folds wanted: Int, seed: UInt64
    ) -> ModelChoice {
        var workers = Array(Set(steps.flatMap { $0.workers.map(\.worker) })).sorted()
        var random = SeededRandom.stream(seed: seed, 0xF01D)
        workers.shuffle(using: &random)
        let folds = max(2, min(wanted, workers.count))
        let fold = Dictionary(uniqueKeysWithValues: workers.enumerated().map { ($1, $0 % folds) })
        var perWorker: [String: [MasteryKind: Double]] = [:]
        for k in 0..<folds {
            for (i, step) in steps.enumerated() {
                let training = step.only { fold[$0] != k }, held = step.only { fold[$0] == k }
                for kind in MasteryKind.allCases {
                    let fitted = KnowledgeTracingFit.fit(
                        training, mastery: kind, curve: curves[i], fatigue: fatigue, start: starts[i][kind])
                    var curve = curves[i]
                    curve.prior = fitted.prior
                    for worker in held.workers {
                        perWorker[worker.worker, default: [:]][kind, default: 0] +=
                            KnowledgeTracingFit.logLikelihood(
                                worker.runs, mastery: kind, curve: curve, model: fitted.model, fatigue: fatigue)
                    }
                }
            }
        }
        let differences = perWorker.values.map { ($0[.latent] ?? 0) - ($0[.gradual] ?? 0) }
        let total = differences.reduce(0, +)
        let mean = total / Double(max(differences.count, 1))
        let variance =
            differences.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(differences.count - 1, 1))
        var heldOut: [MasteryKind: Double] = [:]
        for kind in MasteryKind.allCases { heldOut[kind] = perWorker.values.map { $0[kind] ?? 0 }.reduce(0, +) }
        return ModelChoice(
            chosen: total >= 0 ? .latent : .gradual, heldOut: heldOut, margin: abs(total),
            standardError: (variance * Double(differences.count)).squareRoot(), folds: folds,
            workers: differences.count)
    }
}
