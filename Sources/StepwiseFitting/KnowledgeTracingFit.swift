import Foundation
import StepwiseCore
import StepwiseEvaluation

/// The error side of knowledge tracing for one step, with the level shown as a covariate: a
/// worker who does not know the step errs with `noviceError` × (1 − `guidanceBenefit` × help),
/// plus the slip a master makes whatever is shown; fatigue multiplies both.
public struct ErrorModel: Hashable, Sendable, Codable {
    public var noviceError: Double
    public var guidanceBenefit: Double
    public var slip: Double

    /// Error probability of a worker who does not know the step at `level` (1 − knowledge
    /// tracing's "guess", per level).
    public func unknownError(at level: GuidanceLevel) -> Double {
        min(0.95, noviceError * (1 - guidanceBenefit * Double(level.rawValue) / 3) + slip)
    }
}

/// Likelihood and maximum-likelihood fit of `ErrorModel` under either mastery model, the practice
/// curve (prior, learning, forgetting) given. The skills, their order and the fatigue of every run
/// do not depend on the error parameters, so they are computed once per fit, not per evaluation.
enum KnowledgeTracingFit {
    /// One worker's runs with what the error likelihood needs besides the error parameters.
    struct Prepared {
        var runs: [ObservedRun]
        /// (1 + practice)^−rate per run: skill = 1 − (1 − prior) × unlearnt, whatever the prior.
        var unlearnt: [Double]
        /// Run indices by falling skill (the latent model's integration order; the prior keeps it).
        var order: [Int]
        /// 1 + fatigue per run.
        var load: [Double]

        init(_ runs: [ObservedRun], curve: SkillCurve, fatigue: Fatigue) {
            self.runs = runs
            var c = curve
            c.prior = 0
            unlearnt = c.skills(runs).map { 1 - $0 }
            order = unlearnt.indices.sorted { [unlearnt] in unlearnt[$0] < unlearnt[$1] }
            load = runs.map { 1 + fatigue.load($0) }
        }

        func skills(prior: Double) -> [Double] { unlearnt.map { 1 - (1 - prior) * $0 } }
    }

    /// The latent model fits the prior too: the share of workers who only ever slip tells it.
    /// Under gradual mastery the errors show only novice-error × (1 − prior), so the prior stays
    /// as given (`curve.prior`) and the novice error absorbs it.
    static func fit(
        _ history: StepHistory, mastery: MasteryKind, curve: SkillCurve, fatigue: Fatigue, start: ErrorModel? = nil
    ) -> (model: ErrorModel, prior: Double) {
        let fitsPrior = mastery == .latent
        let s = start ?? ErrorModel(noviceError: 0.3, guidanceBenefit: 0.7, slip: 0.01)
        var x0 = [Scale.logit(s.noviceError), Scale.logit(s.guidanceBenefit), Scale.logit(s.slip)]
        if fitsPrior { x0.append(Scale.logit(curve.prior)) }
        let prepared = history.workers.map { Prepared($0.runs, curve: curve, fatigue: fatigue) }
        func cost(_ x: [Double]) -> Double {
            let prior = fitsPrior ? Scale.logistic(x[3]) : curve.prior
            return -prepared.map { logLikelihood($0, mastery: mastery, model: decode(x), prior: prior) }.reduce(0, +)
        }
        let best = NelderMead.minimize(cost, from: x0, iterations: 300)
        return (decode(best.point), fitsPrior ? Scale.logistic(best.point[3]) : curve.prior)
    }

    static func decode(_ x: [Double]) -> ErrorModel {
        ErrorModel(noviceError: Scale.logistic(x[0]), guidanceBenefit: Scale.logistic(x[1]), slip: Scale.logistic(x[2]))
    }

    /// One worker's errors at one step.
    static func logLikelihood(
        _ runs: [ObservedRun], mastery: MasteryKind, curve: SkillCurve, model: ErrorModel, fatigue: Fatigue
    ) -> Double {
        logLikelihood(
            Prepared(runs, curve: curve, fatigue: fatigue), mastery: mastery, model: model, prior: curve.prior)
    }

    static func logLikelihood(_ w: Prepared, mastery: MasteryKind, model: ErrorModel, prior: Double) -> Double {
        let skills = w.skills(prior: prior)
        func bernoulli(_ p: Double, _ error: Bool) -> Double {
            let q = min(0.95, max(1e-9, p))
            return error ? log(q) : log(1 - q)
        }
        switch mastery {
        case .gradual:
            var sum = 0.0
            for i in w.runs.indices {
                let lack = model.noviceError * (1 - skills[i]) * (1 - model.guidanceBenefit * w.runs[i].help01)
                sum += bernoulli((lack + model.slip) * w.load[i], w.runs[i].error)
            }
            return sum
        case .latent:
            let known = w.runs.indices.map { bernoulli(model.slip * w.load[$0], w.runs[$0].error) }
            let unknown = w.runs.indices.map {
                bernoulli(model.unknownError(at: w.runs[$0].level) * w.load[$0], w.runs[$0].error)
            }
            return latent(skills: skills, order: w.order, known: known, unknown: unknown)
        }
    }

    /// The worker knows the step from the run whose skill first reaches their threshold θ,
    /// uniform on 0…1 (the learner model's latent mastery). The likelihood is integrated over θ
    /// exactly: it is constant between consecutive skill values, where the runs with skill ≥ θ
    /// are known and the others are not. `order` lists the runs by falling skill.
    static func latent(skills: [Double], order: [Int], known: [Double], unknown: [Double]) -> Double {
        var logL = unknown.reduce(0, +)  // θ above every skill: nothing known
        var upper = 1.0
        var terms: [Double] = []
        terms.reserveCapacity(order.count + 1)
        for i in order {
            let width = upper - skills[i]
            if width > 0 { terms.append(log(width) + logL) }
            logL += known[i] - unknown[i]
            upper = skills[i]
        }
        if upper > 0 { terms.append(log(upper) + logL) }
        guard let top = terms.max(), top.isFinite else { return -.infinity }
        return top + log(terms.map { exp($0 - top) }.reduce(0, +))
    }
}
