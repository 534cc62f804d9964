import StepwiseCore

/// The writer's queue: records in arrival order, bounded, plus the newest skill per worker and
/// set. A value type, so the drain logic can be tested without threads.
struct PendingRecords {
    /// A slice of the queue handed to the disk, identified by sequence numbers so it can be
    /// removed afterwards even if the oldest records were dropped while it was being written.
    struct Batch {
        var records: [QualityRecord]
        var endSequence: UInt64
        var skills: [WorkerSkill]
    }

    struct SkillKey: Hashable {
        var worker: WorkerPseudonym
        var instructionSet: InstructionSetID
    }

    let bound: Int
    private(set) var records: [QualityRecord] = []
    /// Sequence number of `records[0]`; grows by one per record ever removed.
    private(set) var firstSequence: UInt64 = 0
    /// Records dropped because the queue was over its bound.
    private(set) var dropped = 0
    private(set) var skills: [SkillKey: WorkerSkill] = [:]

    init(bound: Int) { self.bound = max(1, bound) }

    var isEmpty: Bool { records.isEmpty && skills.isEmpty }

    /// Queues `new` records and replaces any pending skill of the same worker and set. When the
    /// queue is over its bound the oldest records go: the newest tell the current story.
    mutating func add(_ new: [QualityRecord], skill: WorkerSkill?) {
        records.append(contentsOf: new)
        if let skill { skills[SkillKey(worker: skill.worker, instructionSet: skill.instructionSet)] = skill }
        let overflow = records.count - bound
        if overflow > 0 {
            removeOldest(overflow)
            dropped += overflow
        }
    }

    /// Up to `limit` oldest records and every pending skill.
    func batch(limit: Int) -> Batch {
        let count = min(limit, records.count)
        return Batch(
            records: Array(records.prefix(count)), endSequence: firstSequence + UInt64(count),
            skills: Array(skills.values))
    }

    /// Removes what `batch` wrote. Skills replaced since the batch was taken stay queued.
    mutating func remove(_ batch: Batch) {
        if batch.endSequence > firstSequence {
            removeOldest(min(Int(batch.endSequence - firstSequence), records.count))
        }
        for skill in batch.skills {
            let key = SkillKey(worker: skill.worker, instructionSet: skill.instructionSet)
            if skills[key] == skill { skills[key] = nil }
        }
    }

    /// Gives up on everything queued (the writer is closing and the disk still fails).
    mutating func abandon() -> Int {
        let count = records.count
        removeOldest(count)
        dropped += count
        skills = [:]
        return count
    }

    /// Empties the queue into the caller's hands (the spill file), counting nothing as dropped:
    /// the caller counts what it then fails to keep (`countDropped`).
    mutating func takeAll() -> (records: [QualityRecord], skills: [WorkerSkill]) {
        let taken = (records, Array(skills.values))
        removeOldest(records.count)
        skills = [:]
        return taken
    }

    mutating func countDropped(_ count: Int) { dropped += count }

    private mutating func removeOldest(_ count: Int) {
        records.removeFirst(count)
        firstSequence += UInt64(count)
    }
}
