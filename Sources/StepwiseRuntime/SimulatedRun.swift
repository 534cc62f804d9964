import StepwiseCore

/// `stepwise simulate`: a trace through the same core the daemon runs, with stand-in pseudonyms
/// (`w-sim-1`, `w-sim-2` … by first appearance) so no badge id ever reaches the output.
public enum SimulatedRun {
    /// A fixed start (2026-01-05 07:00 UTC) keeps the output identical run after run.
    public static let start = Instant(seconds: 1_767_596_400)

    public static func records(definitions: Definitions, trace: Trace) -> [QualityRecord] {
        var seen: [String: WorkerPseudonym] = [:]
        let pseudonym = { (badge: String) -> WorkerPseudonym in
            if let known = seen[badge] { return known }
            let new = WorkerPseudonym("w-sim-\(seen.count + 1)")
            seen[badge] = new
            return new
        }
        return Simulation.run(
            cell: definitions.cell, instructionSets: definitions.instructionSets, trace: trace, start: start,
            pseudonym: pseudonym, skill: { _ in nil }
        ).flatMap(\.records)
    }
}
