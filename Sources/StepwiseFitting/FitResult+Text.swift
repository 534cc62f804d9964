import Foundation
import StepwiseCore
import StepwiseEvaluation

extension FitResult {
    /// The engineer's view: per step how fast people learn it, how often masters still slip, how
    /// much each level helps; which mastery model fits and by how much.
    public func formattedText() -> String {
        var lines = [
            "instruction set \(instructionSet): \(workers) workers, \(runs) step runs",
            modelSentence, fatigueSentence,
        ]
        if !forgettingSeen {
            lines.append("forgetting: no time away in the log, so it is not estimated (kept at 30 days)")
        }
        lines.append(
            resamples > 0 ? "ranges: 90 % over \(resamples) resamples of workers" : "ranges: none (--bootstrap 0)")
        for fit in steps { lines += [""] + fit.lines }
        return lines.joined(separator: "\n")
    }

    var modelSentence: String {
        let other: MasteryKind = choice.chosen == .latent ? .gradual : .latent
        let clear = choice.strength >= 2 ? "clearly" : "but not clearly (under 2 standard errors)"
        return
            "mastery: \(choice.chosen.rawValue) fits better than \(other.rawValue) \(clear): held-out log-likelihood "
            + "\(f(choice.margin, 1)) higher (± \(f(choice.standardError, 1))) over \(choice.workers) workers in \(choice.folds) folds"
    }

    var fatigueSentence: String {
        guard let fatigue else { return "fatigue: no session long enough to see it (kept at the model's default)" }
        guard fatigue.perHour >= 0.005 else { return "fatigue: none seen" }
        return
            "fatigue: from \(f(fatigue.onsetHours, 1)) h into a session, \(pct(fatigue.perHour)) slower and more errors per hour"
    }
}

extension StepFit {
    var lines: [String] {
        let half =
            curve.runsToHalf.map { "half the workers know it after \(runs(Int($0.rounded(.up))))" }
            ?? (curve.prior >= 0.5 ? "most workers know it from the start" : "not learned")
        let perLevel = [GuidanceLevel.silent, .location, .hint, .full]
            .map { "\($0.name) \(pct(errors.unknownError(at: $0)))" }.joined(separator: ", ")
        return [
            "step \(step) (\(runs) runs, \(workers) workers)",
            "  learning: known at first by \(pct(curve.prior))\(range("prior", pct)); learning rate "
                + "\(f(curve.learningRate, 2))\(range("learning-rate") { f($0, 2) }); \(half)",
            "  forgetting: practice fades to 1/e over \(f(curve.forgetDays, 0)) days away\(range("forget-days") { f($0, 0) })",
            "  masters still slip in \(pct(errors.slip, 2)) of runs\(range("slip") { pct($0, 2) })",
            "  not yet known, errors per run: \(perLevel); full guidance prevents "
                + "\(pct(errors.guidanceBenefit))\(range("guidance-benefit", pct)) of them",
            "  time: a master takes \(f(time.masterSeconds, 1)) s\(range("master-seconds") { f($0, 1) }); a novice "
                + "without guidance \(f(1 + time.noviceSlowness, 1))×\(range("novice-slowness") { f(1 + $0, 1) }); "
                + "full guidance costs a master \(pct(time.expertPenalty))\(range("expert-penalty", pct))",
        ]
    }

    private func runs(_ n: Int) -> String { n == 1 ? "1 run" : "\(n) runs" }

    private func range(_ name: String, _ format: (Double) -> String) -> String {
        guard let i = intervals[name] else { return "" }
        return " [\(format(i.low))–\(format(i.high))]"
    }
}

func f(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
func pct(_ share: Double) -> String { pct(share, 1) }
func pct(_ share: Double, _ digits: Int) -> String { String(format: "%.\(digits)f %%", share * 100) }
