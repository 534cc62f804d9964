import StepwiseCore
import StepwiseLog

/// The stored skills and display preferences of the workers of this cell, in memory, so that a
/// badge login reads no SQLite on the event thread (a read there took 6–45 ms at p99 with the
/// disk busy). Loaded whole at start, kept current by the station's own saves,
/// and refreshed from the log per worker after each sign-in (`ProfileRefresh`), which is how a
/// coach's change made meanwhile reaches it.
///
/// Owned by the event-loop thread, like the station.
final class WorkerProfiles {
    private var stored: [WorkerPseudonym: StoredProfile]
    /// Per worker, how many skills the station saved; a refresh read before the last of them
    /// may not contain it yet, so it cannot replace what the station learned since.
    private var saves: [WorkerPseudonym: UInt64] = [:]

    init(_ stored: [WorkerPseudonym: StoredProfile] = [:]) { self.stored = stored }

    /// Replaces everything (start-up): the log is the truth then.
    func replaceAll(_ profiles: [WorkerPseudonym: StoredProfile]) { stored = profiles }

    /// What `worker` signs in with: their skills in `sets` (in that order) and preferences.
    func profile(of worker: WorkerPseudonym, sets: [InstructionSetID]) -> StoredProfile {
        let known = stored[worker] ?? StoredProfile()
        return StoredProfile(
            skills: sets.compactMap { set in known.skills.first { $0.instructionSet == set } },
            preferences: known.preferences)
    }

    /// The save count of `worker`, taken when a refresh is asked for.
    func saveCount(of worker: WorkerPseudonym) -> UInt64 { saves[worker, default: 0] }

    /// The station saved `skill` (handed to the log writer). The controls stay those already
    /// known, as the log's own upsert keeps the stored ones: they are the coach's, not the station's.
    func saved(_ skill: WorkerSkill) {
        saves[skill.worker, default: 0] += 1
        var profile = stored[skill.worker] ?? StoredProfile()
        var kept = skill
        if let index = profile.skills.firstIndex(where: { $0.instructionSet == skill.instructionSet }) {
            kept.controls = profile.skills[index].controls
            profile.skills[index] = kept
        } else {
            profile.skills.append(kept)
        }
        stored[skill.worker] = profile
    }

    /// Takes what the log holds for `worker`, read after `saveCount` saves. If the station saved
    /// nothing since, the log's profile replaces the one in memory whole (an erased worker is
    /// forgotten); otherwise only the coach's parts (controls, preferences) are taken, and the
    /// skills the station learned since stay. Returns the profile now in memory.
    @discardableResult
    func refreshed(_ worker: WorkerPseudonym, from log: StoredProfile, afterSaves saveCount: UInt64) -> StoredProfile {
        guard saves[worker, default: 0] != saveCount, var profile = stored[worker] else {
            stored[worker] = log.isEmpty ? nil : log
            return log
        }
        profile.preferences = log.preferences
        for fresh in log.skills {
            if let index = profile.skills.firstIndex(where: { $0.instructionSet == fresh.instructionSet }) {
                profile.skills[index].controls = fresh.controls
            } else {
                profile.skills.append(fresh)
            }
        }
        stored[worker] = profile
        return profile
    }
}
