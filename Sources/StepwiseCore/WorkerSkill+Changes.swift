/// Change-aware re-guidance: a worker's skill after a new version of the set arrives.
extension WorkerSkill {
    /// One step a new version raised for this worker: what the log records as a level change.
    public struct Reguided: Hashable, Sendable {
        public var step: StepID
        public var previousLevel: GuidanceLevel
        public var level: GuidanceLevel
    }

    /// The skill with renamed steps moved to their new ids and every changed step given at least
    /// `level` help (the set's `changed-step-level`, within the coach's limits). The mastery
    /// estimate of a changed step drops to halfway between the raise and fade thresholds: the step
    /// must be shown clean again before it fades, and the model does not raise it further at once.
    /// Unchanged steps keep everything. Returns the steps whose level went up.
    public mutating func apply(_ changes: SetChanges, level: GuidanceLevel, policy: GuidancePolicy) -> [Reguided] {
        for (new, old) in changes.renamed.sorted(by: { $0.key < $1.key }) where steps[new.rawValue] == nil {
            if let moved = steps.removeValue(forKey: old.rawValue) { steps[new.rawValue] = moved }
        }
        let estimate = (policy.raiseMastery + policy.fadeMastery) / 2
        var raised: [Reguided] = []
        for step in changes.changed.keys.sorted() {
            guard var skill = steps[step.rawValue] else { continue }
            let target = max(skill.level, level).clamped(floor: controls.floor, ceiling: controls.ceiling)
            skill.mastery = min(skill.mastery, estimate)
            skill.cleanStreak = 0
            skill.lastChangeWasFade = false
            if target > skill.level {
                raised.append(Reguided(step: step, previousLevel: skill.level, level: target))
                skill.level = target
                skill.runsAtLevel = 0
            }
            steps[step.rawValue] = skill
        }
        return raised
    }
}
