import StepwiseCore
import StepwiseLog

/// `stepwise simulate`: a trace through the same core the daemon runs, with stand-in pseudonyms
/// (`w-sim-1`, `w-sim-2` … by first appearance) so no badge id ever reaches the output.
///
/// A worker's skills live across logins as in the daemon: each login signs in with what
/// `WorkerProfiles` holds (loaded from a log when one is given), and every skill the station
/// saves goes back there. So a logout, days away and a login again bring absence, warm-up and
/// forgetting as the station would, and the cycle count goes on.
public enum SimulatedRun {
    /// A fixed start (2026-01-05 07:00 UTC) keeps the output identical run after run.
    public static let start = Instant(seconds: 1_767_596_400)

    /// Plays `trace`, handing each record to `record` as it is made; `stored` are the profiles a
    /// log holds. Returns the skills the run saved (the last of each worker and set), for the log.
    public static func play(
        definitions: Definitions, trace: Trace, stored: [WorkerPseudonym: StoredProfile] = [:],
        record: (QualityRecord) -> Void
    ) -> [WorkerSkill] {
        var seen: [String: WorkerPseudonym] = [:]
        let pseudonym = { (badge: String) -> WorkerPseudonym in
            if let known = seen[badge] { return known }
            let new = WorkerPseudonym("w-sim-\(seen.count + 1)")
            seen[badge] = new
            return new
        }
        let profiles = WorkerProfiles(stored)
        let sets = definitions.instructionSets.map(\.id)
        var saved: [SkillKey: WorkerSkill] = [:]
        var order: [SkillKey] = []
        Simulation.play(
            cell: definitions.cell, instructionSets: definitions.instructionSets, trace: trace, start: start,
            pseudonym: pseudonym, skills: { profiles.profile(of: $0, sets: sets).skills }
        ) { output in
            output.records.forEach(record)
            guard let skill = output.skill else { return }
            profiles.saved(skill)
            let key = SkillKey(worker: skill.worker, set: skill.instructionSet)
            if saved.updateValue(skill, forKey: key) == nil { order.append(key) }
        }
        return order.compactMap { saved[$0] }
    }

    /// Every record of `trace`, in order (tests and small traces).
    public static func records(
        definitions: Definitions, trace: Trace, stored: [WorkerPseudonym: StoredProfile] = [:]
    ) -> [QualityRecord] {
        var records: [QualityRecord] = []
        _ = play(definitions: definitions, trace: trace, stored: stored) { records.append($0) }
        return records
    }

    private struct SkillKey: Hashable {
        var worker: WorkerPseudonym
        var set: InstructionSetID
    }
}
