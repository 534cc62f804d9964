import Foundation

extension FitResult: Encodable {
    enum Keys: String, CodingKey {
        case instructionSet = "instruction_set", workers, runs, mastery, fatigue, resamples, steps
        case forgettingSeen = "forgetting_seen"
    }
    enum MasteryKeys: String, CodingKey {
        case chosen, heldOut = "held_out_log_likelihood", margin, standardError = "standard_error", folds, workers
    }
    enum StepKeys: String, CodingKey {
        case step, runs, workers, parameters, intervals, helpProbability = "help_probability"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(instructionSet, forKey: .instructionSet)
        try c.encode(workers, forKey: .workers)
        try c.encode(runs, forKey: .runs)
        try c.encode(resamples, forKey: .resamples)
        try c.encode(forgettingSeen, forKey: .forgettingSeen)
        try c.encode(fatigue, forKey: .fatigue)  // null when not seen
        var m = c.nestedContainer(keyedBy: MasteryKeys.self, forKey: .mastery)
        try m.encode(choice.chosen.rawValue, forKey: .chosen)
        try m.encode(
            Dictionary(uniqueKeysWithValues: choice.heldOut.map { ($0.key.rawValue, round($0.value)) }),
            forKey: .heldOut)
        try m.encode(round(choice.margin), forKey: .margin)
        try m.encode(round(choice.standardError), forKey: .standardError)
        try m.encode(choice.folds, forKey: .folds)
        try m.encode(choice.workers, forKey: .workers)
        var list = c.nestedUnkeyedContainer(forKey: .steps)
        for fit in steps {
            var s = list.nestedContainer(keyedBy: StepKeys.self)
            try s.encode(fit.step, forKey: .step)
            try s.encode(fit.runs, forKey: .runs)
            try s.encode(fit.workers, forKey: .workers)
            try s.encode(
                Dictionary(uniqueKeysWithValues: fit.parameters.map { ($0.name, round($0.value)) }), forKey: .parameters
            )
            try s.encode(round(fit.helpProbability), forKey: .helpProbability)
            try s.encode(
                fit.intervals.mapValues { Interval(low: round($0.low), high: round($0.high)) }, forKey: .intervals)
        }
    }

    private func round(_ value: Double) -> Double { (value * 1e5).rounded() / 1e5 }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
