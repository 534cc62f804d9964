/// Level changes outside a completed run: the return after an absence, and the transient raises
/// of the current cycle (help button, wrong action, hesitation) that are shown but not stored.
extension GuidanceModel {
    /// Days without practice after which a step gets one level more help.
    public static let absenceRaiseDays = 14.0
    /// Days without practice after which a step is back at full guidance.
    public static let absenceFullDays = 42.0

    /// The skill at login `at`: mastery decayed by the days since `lastPractice`, and each step
    /// raised one level after 14 days away, to full after 42. `lastPractice` moves to `at` so a
    /// second login the same day does not count the same absence again.
    public static func atLogin(
        _ skill: WorkerSkill, at now: Instant, policy: GuidancePolicy, mastery: MasteryModel = .standard
    ) -> (skill: WorkerSkill, changes: [LevelChange]) {
        guard let last = skill.lastPractice, now > last else { return (skill, []) }
        let days = now.seconds(since: last) / 86_400
        var next = skill
        var changes: [LevelChange] = []
        for key in skill.steps.keys.sorted() {
            guard var step = skill.steps[key] else { continue }
            step.mastery = mastery.forget(step.mastery, days: days)
            if let change = absenceChange(StepID(key), step: step, days: days, policy: policy, controls: skill.controls)
            {
                step.level = change.to
                step.runsAtLevel = 0
                step.cleanStreak = 0
                step.slowStreak = 0
                step.lastChangeWasFade = false
                changes.append(change)
            }
            next.steps[key] = step
        }
        next.lastPractice = now
        return (next, changes)
    }

    private static func absenceChange(
        _ id: StepID, step: StepSkill, days: Double, policy: GuidancePolicy, controls: CoachControls
    ) -> LevelChange? {
        guard days >= absenceRaiseDays else { return nil }
        let before = level(of: step, policy: policy, controls: controls)
        let (floor, ceiling) = limits(policy: policy, controls: controls)
        let proposed = days >= absenceFullDays ? GuidanceLevel.full : before.raised
        let to = controls.locked ?? proposed.clamped(floor: floor, ceiling: ceiling)
        guard to != before else { return nil }
        return LevelChange(step: id, from: before, to: to, cause: LevelChangeCause(.absence, count: Int(days)))
    }

    /// The level shown for the rest of this run after the help button: everything, whatever the
    /// stored level, lock or ceiling — the worker asked for it.
    public static let helpLevel = GuidanceLevel.full

    /// The level shown for the rest of this run after a wrong action or hesitation: one more
    /// than shown now, within the coach's ceiling; a locked level stays.
    public static func transientRaise(from shown: GuidanceLevel, controls: CoachControls) -> GuidanceLevel {
        if controls.locked != nil { return shown }
        return max(shown, min(shown.raised, controls.ceiling))
    }
}
