import StepwiseCore

/// A search of the guidance policy's keys against a population by simulation: the least
/// over-guidance whose errors stay within `tolerance` (per 100 cycles) of always-full's, ties
/// broken by the earlier target pace. A grid, not an optimiser: few keys, few values each, every
/// candidate simulated with the same seed and the same random draws.
public struct PolicyTuning: Sendable {
    /// One key of the grid: its name in a `policy:` block, the values tried, how to set it.
    public struct Key: Sendable {
        public var name: String
        public var values: [Double]
        let apply: @Sendable (inout GuidancePolicy, Double) -> Void
    }

    public static let keys: [Key] = [
        Key(name: "fade-after-clean-runs", values: [2, 3, 5]) { $0.fadeAfterCleanRuns = Int($1) },
        Key(name: "fade-tempo", values: [1.1, 1.25]) { $0.fadeTempo = $1 },
        Key(name: "fade-mastery", values: [0.7, 0.8, 0.9]) { $0.fadeMastery = $1 },
        Key(name: "trial-fade-runs", values: [0, 6, 12]) { $0.trialFadeRuns = Int($1) },
        Key(name: "failed-fade-limit", values: [1, 3]) { $0.failedFadeLimit = Int($1) },
    ]

    public struct Candidate: Sendable {
        public var values: [String: Double]
        public var policy: GuidancePolicy
        public var metrics: PolicyMetrics
    }

    public var best: Candidate
    public var defaults: PolicyMetrics
    /// The published rules and always-full, simulated in the same run.
    public var baselines: [String: PolicyMetrics]
    public var tried: Int
    public var tolerance: Double

    /// Errors per 100 cycles above always-full's that a candidate may have.
    public static let defaultTolerance = 0.05

    public init(_ population: Population, seed: UInt64, tolerance: Double = defaultTolerance, keys: [Key] = keys) {
        let report = EvaluationReport.evaluate(
            population, policies: [.alwaysFull, .motionEAP, .tempoThreshold, .stepwise], seed: seed)
        baselines = report.policies.filter { $0.key != PolicyKind.stepwise.rawValue }
        defaults = report.policies[PolicyKind.stepwise.rawValue]!
        let limit = report.policies[PolicyKind.alwaysFull.rawValue]!.errorsPer100Cycles + tolerance
        var best = Candidate(values: [:], policy: GuidancePolicy(), metrics: defaults)
        var tried = 0
        for values in Self.grid(keys) {
            var policy = GuidancePolicy()
            for (key, value) in zip(keys, values) { key.apply(&policy, value) }
            guard policy.fadeTempo < policy.raiseTempo else { continue }
            let traces = Evaluation.run(population, policy: .stepwise, seed: seed, guidance: policy)
            let metrics = PolicyMetrics(traces: traces, paceTolerance: population.paceTolerance)
            tried += 1
            guard metrics.errorsPer100Cycles <= limit, Self.better(metrics, than: best.metrics, limit: limit) else {
                continue
            }
            best = Candidate(
                values: Dictionary(uniqueKeysWithValues: zip(keys.map(\.name), values)), policy: policy,
                metrics: metrics)
        }
        self.best = best
        self.tried = tried
        self.tolerance = tolerance
    }

    /// Within the error limit: less over-guidance, then an earlier pace (a candidate beats a
    /// reference over the limit whatever its over-guidance).
    static func better(_ a: PolicyMetrics, than b: PolicyMetrics, limit: Double) -> Bool {
        if b.errorsPer100Cycles > limit { return true }
        if a.overGuidedShare != b.overGuidedShare { return a.overGuidedShare < b.overGuidedShare }
        return (a.cyclesToTargetPace ?? .infinity) < (b.cyclesToTargetPace ?? .infinity)
    }

    static func grid(_ keys: [Key]) -> [[Double]] {
        keys.reduce([[]]) { partial, key in partial.flatMap { prefix in key.values.map { prefix + [$0] } } }
    }

    /// The `policy:` block to paste into an instruction set (only the keys that differ from the defaults).
    public var policyBlock: String {
        let defaults = GuidancePolicy()
        var lines = ["policy:"]
        for key in Self.keys {
            guard let value = best.values[key.name] else { continue }
            var reference = defaults
            key.apply(&reference, value)
            guard reference != defaults else { continue }
            let text = value == value.rounded() ? String(Int(value)) : String(value)
            lines.append("  \(key.name): \(text)")
        }
        return lines.count == 1 ? "policy: {}  # the defaults are best" : lines.joined(separator: "\n")
    }
}
