/// The model's rules that look beyond one run of one step: trouble across an any-order group,
/// the warm-up after a break, and fatigue late in a long session.
extension GuidanceModel {
    /// Signs of trouble in one run: each wrong action, a help request, a hesitation.
    public static func troubleSigns(_ run: StepRun) -> Int {
        run.wrongActions + (run.helpRequested ? 1 : 0) + (run.hesitated ? 1 : 0)
    }

    /// Whether the trouble of one cycle in an any-order group is repeated enough to raise the
    /// whole group: the steps share a check sheet, so trouble at one is a warning for the others.
    public static func groupNeedsRaise(troubleSigns: Int, policy: GuidancePolicy) -> Bool {
        policy.groupRaiseAfterTrouble > 0 && troubleSigns >= policy.groupRaiseAfterTrouble
    }

    /// One level more help for a step of a group that had repeated trouble, within the coach's
    /// limits; the streaks restart as after any raise.
    public static func groupRaise(
        step: StepID, skill: StepSkill, group: StepGroupID, troubleSigns: Int, policy: GuidancePolicy,
        controls: CoachControls
    ) -> (skill: StepSkill, change: LevelChange?) {
        let before = level(of: skill, policy: policy, controls: controls)
        let (floor, ceiling) = limits(policy: policy, controls: controls)
        let to = controls.locked ?? before.raised.clamped(floor: floor, ceiling: ceiling)
        guard to != before else { return (skill, nil) }
        var next = skill
        next.level = to
        next.runsAtLevel = 0
        next.cleanStreak = 0
        next.slowStreak = 0
        next.lastChangeWasFade = false
        return (
            next,
            LevelChange(step: step, from: before, to: to, cause: LevelChangeCause(.groupTrouble, count: troubleSigns))
        )
    }

    /// A pause this long (between two signs of progress, or since the last practice at login)
    /// was a break: the next cycle is a warm-up with one level more help.
    public static func isBreak(pauseSeconds: Double, policy: GuidancePolicy) -> Bool {
        policy.warmUpAfterBreak && pauseSeconds > policy.breakSeconds
    }

    /// Whether a step gets the warm-up after a break: not when the estimate says it is solid
    /// (`policy.solidMastery`: a coffee break does not make a practised step strange; one being
    /// learned may be).
    public static func needsWarmUp(_ skill: StepSkill, policy: GuidancePolicy) -> Bool {
        skill.mastery < policy.solidMastery
    }

    /// Whether a run ending `sessionSeconds` after login is late in a long session.
    public static func isLateInShift(sessionSeconds: Double, policy: GuidancePolicy) -> Bool {
        policy.fatigueAfterHours > 0 && sessionSeconds >= policy.fatigueAfterHours * 3600
    }
}
