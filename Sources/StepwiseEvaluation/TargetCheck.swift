import Foundation

/// The target `stepwise` is held to, checked on one report: fewer errors than `tempo-threshold` and
/// `motioneap`, over-guidance at most 1.1 × `tempo-threshold`'s, target pace no later than
/// `tempo-threshold`, and no flapping (no more level changes than the busier of the two baselines).
public struct TargetCheck: Hashable, Sendable {
    public struct Criterion: Hashable, Sendable {
        public var name: String
        public var met: Bool
        /// The figures compared, as a person reads them ("5.24 < 5.26 and 5.53").
        public var detail: String
    }
    public var criteria: [Criterion]
    public var met: Bool { criteria.allSatisfy(\.met) }

    /// Nil unless the report has `stepwise`, `tempo-threshold` and `motioneap`.
    public init?(_ report: EvaluationReport) {
        guard let s = report.policies["stepwise"], let t = report.policies["tempo-threshold"],
            let m = report.policies["motioneap"]
        else { return nil }
        let errors = s.errorsPer100Cycles < min(t.errorsPer100Cycles, m.errorsPer100Cycles)
        let guidance = s.overGuidedShare <= 1.1 * t.overGuidedShare
        let pace = t.cyclesToTargetPace.map { tp in s.cyclesToTargetPace.map { $0 <= tp } ?? false } ?? true
        let busier = max(t.levelChangesPer100Cycles, m.levelChangesPer100Cycles)
        criteria = [
            Criterion(
                name: "fewer errors", met: errors,
                detail:
                    "\(Self.f(s.errorsPer100Cycles)) < \(Self.f(t.errorsPer100Cycles)) and \(Self.f(m.errorsPer100Cycles))"
            ),
            Criterion(
                name: "guides no more", met: guidance,
                detail: "over-guided \(Self.p(s.overGuidedShare)) ≤ 1.1 × \(Self.p(t.overGuidedShare))"),
            Criterion(
                name: "pace no later", met: pace,
                detail: "cycles to pace \(Self.c(s.cyclesToTargetPace)) ≤ \(Self.c(t.cyclesToTargetPace))"),
            Criterion(
                name: "no flapping", met: s.levelChangesPer100Cycles <= busier,
                detail: "level changes \(Self.f(s.levelChangesPer100Cycles)) ≤ \(Self.f(busier))"),
        ]
    }

    static func f(_ v: Double) -> String { String(format: "%.2f", v) }
    static func p(_ v: Double) -> String { String(format: "%.1f %%", v * 100) }
    static func c(_ v: Double?) -> String { v.map { String(Int($0)) } ?? "never" }
}
