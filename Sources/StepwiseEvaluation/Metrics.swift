import Foundation
import StepwiseCore

/// What `stepwise evaluate` reports per policy (definitions in docs/evaluation.md).
public struct PolicyMetrics: Hashable, Sendable, Encodable {
    /// Errors (wrong actions) per 100 cycles.
    public var errorsPer100Cycles: Double
    /// Share of runs shown with more help than the worker truly needed.
    public var overGuidedShare: Double
    /// Share of runs with an error that full guidance would have prevented.
    public var underGuidedShare: Double
    /// Median over workers of the cycle at which target pace was reached (the upper median; nil
    /// when at least half the workers never reach it).
    public var cyclesToTargetPace: Double?
    /// Share of workers at target pace within their first 8 sessions.
    public var shareAtTargetAfter8Sessions: Double
    /// Changes of the level shown at the start of a step's run, per 100 cycles.
    public var levelChangesPer100Cycles: Double
    public var cycles: Int

    enum CodingKeys: String, CodingKey {
        case errorsPer100Cycles = "errors_per_100_cycles", overGuidedShare = "over_guided_share"
        case underGuidedShare = "under_guided_share", cyclesToTargetPace = "cycles_to_target_pace"
        case shareAtTargetAfter8Sessions = "share_at_target_after_8_sessions"
        case levelChangesPer100Cycles = "level_changes_per_100_cycles", cycles
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.round(errorsPer100Cycles), forKey: .errorsPer100Cycles)
        try c.encode(Self.round(overGuidedShare), forKey: .overGuidedShare)
        try c.encode(Self.round(underGuidedShare), forKey: .underGuidedShare)
        try c.encode(cyclesToTargetPace, forKey: .cyclesToTargetPace)  // null when not reached
        try c.encode(Self.round(shareAtTargetAfter8Sessions), forKey: .shareAtTargetAfter8Sessions)
        try c.encode(Self.round(levelChangesPer100Cycles), forKey: .levelChangesPer100Cycles)
        try c.encode(cycles, forKey: .cycles)
    }

    static func round(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}

extension PolicyMetrics {
    /// Rolling window of cycles whose mean pace decides "at target pace" (one lucky cycle is not).
    public static let paceWindow = 5
    public static let sessionsForShare = 8

    public init(traces: [WorkerTrace], paceTolerance: Double) {
        let runs = traces.flatMap(\.runs)
        let cycles = traces.map(\.cyclePace.count).reduce(0, +)
        let perCycle = 100 / Double(max(cycles, 1))
        let perRun = 1 / Double(max(runs.count, 1))
        errorsPer100Cycles = Double(runs.filter(\.error).count) * perCycle
        overGuidedShare = Double(runs.filter { $0.level > $0.needed }.count) * perRun
        underGuidedShare = Double(runs.filter(\.preventable).count) * perRun
        levelChangesPer100Cycles = Double(traces.map(Self.levelChanges).reduce(0, +)) * perCycle
        let reached = traces.map { Self.targetPace($0, tolerance: paceTolerance) }
        let sorted = reached.map { $0.map { Double($0.cycle) } ?? .infinity }.sorted()
        let median = sorted.isEmpty ? .infinity : sorted[sorted.count / 2]
        cyclesToTargetPace = median.isFinite ? median : nil
        let early = reached.filter { ($0?.session ?? Int.max) < Self.sessionsForShare }.count
        shareAtTargetAfter8Sessions = Double(early) / Double(max(traces.count, 1))
        self.cycles = cycles
    }

    /// The first cycle (1-based) ending a window of `paceWindow` cycles whose mean pace is within
    /// `tolerance` of the target, with its session.
    static func targetPace(_ trace: WorkerTrace, tolerance: Double) -> (cycle: Int, session: Int)? {
        let paces = trace.cyclePace
        guard paces.count >= paceWindow else { return nil }
        var sum = paces[0..<paceWindow].map(\.pace).reduce(0, +)
        for end in (paceWindow - 1)..<paces.count {
            if end >= paceWindow { sum += paces[end].pace - paces[end - paceWindow].pace }
            if sum / Double(paceWindow) <= tolerance { return (end + 1, paces[end].session) }
        }
        return nil
    }

    /// Changes of the start-of-run level between consecutive runs of the same step.
    static func levelChanges(_ trace: WorkerTrace) -> Int {
        var last: [String: GuidanceLevelValue] = [:]
        var changes = 0
        for run in trace.runs {
            if let before = last[run.step], before != run.level.rawValue { changes += 1 }
            last[run.step] = run.level.rawValue
        }
        return changes
    }
    typealias GuidanceLevelValue = Int
}

/// The metrics of every policy in one run of `stepwise evaluate`.
public struct EvaluationReport: Sendable, Encodable {
    public var policies: [String: PolicyMetrics]
    /// Policies in the order they were asked for (the JSON object itself is keyed by name).
    public var order: [String]

    enum CodingKeys: String, CodingKey { case policies }

    /// `guidance` is the policy the `stepwise` machine runs with (default: the shipped defaults).
    /// With `runs` > 1 the population is simulated with seeds `seed`, `seed + 1`, … and the
    /// metrics are taken over all of it (as if the population were `runs` times as large).
    public static func evaluate(
        _ population: Population, policies: [PolicyKind], seed: UInt64, runs: Int = 1,
        guidance: GuidancePolicy = .init()
    ) -> EvaluationReport {
        var metrics: [String: PolicyMetrics] = [:]
        for policy in policies {
            let traces = (0..<UInt64(max(runs, 1))).flatMap {
                Evaluation.run(population, policy: policy, seed: seed &+ $0, guidance: guidance)
            }
            metrics[policy.rawValue] = PolicyMetrics(traces: traces, paceTolerance: population.paceTolerance)
        }
        return EvaluationReport(policies: metrics, order: policies.map(\.rawValue))
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
