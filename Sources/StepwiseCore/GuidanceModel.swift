/// The adaptive rule: pure functions from a step's history and one observation to its next level.
///
/// Fade slowly, one level at a time, only after clean, on-tempo runs and a minimum dwell; raise at
/// once on trouble; raise for slowness only after a streak; keep a band between the fade and the
/// raise tempo where nothing changes, so a worker at the edge never flaps between levels. The
/// coach's lock, floor and ceiling always win.
public enum GuidanceModel {
    /// The lowest and highest level the model may use for a step.
    public static func limits(policy: GuidancePolicy, controls: CoachControls) -> (
        floor: GuidanceLevel, ceiling: GuidanceLevel
    ) {
        (max(policy.floor, controls.floor), controls.ceiling)
    }

    /// The level shown for a stored skill: the coach's lock, else the stored level within limits
    /// (the floor wins over a lower ceiling: more help is the safe side).
    public static func level(of skill: StepSkill, policy: GuidancePolicy, controls: CoachControls) -> GuidanceLevel {
        if let locked = controls.locked { return locked }
        let (floor, ceiling) = limits(policy: policy, controls: controls)
        return skill.level.clamped(floor: floor, ceiling: ceiling)
    }

    /// A step the worker has never done.
    public static func initialSkill(policy: GuidancePolicy, controls: CoachControls) -> StepSkill {
        let start = StepSkill(level: policy.initialLevel)
        return StepSkill(level: level(of: start, policy: policy, controls: controls))
    }

    /// A run is clean when nothing went wrong and it was on tempo.
    public static func isClean(_ observation: StepObservation, policy: GuidancePolicy) -> Bool {
        !observation.hadTrouble && observation.tempo <= policy.fadeTempo
    }

    /// Seconds of `gaps` (pauses between signs of progress) that count as breaks.
    public static func breakSeconds(in gaps: [Double], policy: GuidancePolicy) -> Double {
        gaps.filter { $0 > policy.breakSeconds }.reduce(0, +)
    }

    /// The step's skill after one completed run, and the level change it causes, if any.
    public static func observe(
        _ observation: StepObservation, step: StepID, skill: StepSkill, policy: GuidancePolicy,
        controls: CoachControls, mastery: MasteryModel = .standard
    ) -> (skill: StepSkill, change: LevelChange?) {
        let before = level(of: skill, policy: policy, controls: controls)
        var next = skill
        next.runs += 1
        next.runsAtLevel += 1
        next.mastery = updatedMastery(skill.mastery, observation, policy: policy, model: mastery)
        let proposal = propose(observation, skill: &next, from: before, policy: policy, priorMastery: skill.mastery)
        let (floor, ceiling) = limits(policy: policy, controls: controls)
        let to = controls.locked ?? proposal.level.clamped(floor: floor, ceiling: ceiling)
        next.level = to
        guard to != before, let cause = proposal.cause else { return (next, nil) }
        next.runsAtLevel = 0
        next.cleanStreak = 0
        next.slowStreak = 0
        next.steadyRuns = 0
        next.lastChangeWasFade = to < before
        return (next, LevelChange(step: step, from: before, to: to, cause: cause))
    }

    /// Updates the streaks and proposes a level (before the coach's limits) with its reason.
    /// `skill.mastery` is already updated; `priorMastery` is the estimate before this run.
    private static func propose(
        _ o: StepObservation, skill: inout StepSkill, from level: GuidanceLevel, policy: GuidancePolicy,
        priorMastery: Double
    ) -> (level: GuidanceLevel, cause: LevelChangeCause?) {
        if o.hadTrouble {
            skill.cleanStreak = 0
            skill.slowStreak = 0
            skill.steadyRuns = 0
            if isFailedFade(skill, policy: policy) {
                skill.failedFades = min(skill.failedFades + 1, policy.failedFadeLimit)
            }
            return (o.helpRequested ? .full : level.raised, troubleCause(o))
        }
        // A step confirmed by hand says nothing about mastery: no fade, no tempo evidence.
        // Late in a long session slowness is fatigue: the machine shows more help, no penalty here.
        if o.confirmedByHand || o.isFatigued(policy) { return (level, nil) }
        skill.steadyRuns += 1
        if o.isSlow(policy) {
            skill.cleanStreak = 0
            skill.slowStreak += 1
            if skill.slowStreak >= policy.raiseAfterSlowRuns {
                return (level.raised, LevelChangeCause(.slowRuns, count: skill.slowStreak, ratio: policy.raiseTempo))
            }
            return masteryRaise(skill.mastery, prior: priorMastery, from: level, policy: policy)
        }
        if o.tempo <= policy.fadeTempo {
            skill.slowStreak = 0
            skill.cleanStreak += 1
            if held(skill, policy: policy) { skill.failedFades -= 1 }
            let needed = cleanRunsToFade(skill, policy: policy)
            guard skill.cleanStreak >= needed, skill.runsAtLevel >= policy.minimumDwellRuns,
                skill.mastery >= policy.fadeMastery
            else { return (level, nil) }
            let reason: LevelChangeReason = skill.failedFades > 0 ? .cleanRunsAgain : .cleanRuns
            return (level.faded, LevelChangeCause(reason, count: skill.cleanStreak, ratio: skill.mastery))
        }
        // The hysteresis band: neither fast enough to fade nor slow enough to raise.
        skill.cleanStreak = 0
        skill.slowStreak = 0
        return trialFade(skill, from: level, policy: policy)
    }

    /// Steady runs in the band (not on tempo, not slow) with high mastery: the tempo may be the
    /// guidance's own cost, so one level less is tried; it is kept while the runs stay steady.
    static func trialFade(
        _ skill: StepSkill, from level: GuidanceLevel, policy: GuidancePolicy
    ) -> (level: GuidanceLevel, cause: LevelChangeCause?) {
        guard policy.trialFadeRuns > 0, skill.steadyRuns >= policy.trialFadeRuns * (1 + skill.failedFades),
            skill.runsAtLevel >= policy.minimumDwellRuns, skill.mastery >= policy.solidMastery
        else { return (level, nil) }
        return (level.faded, LevelChangeCause(.trialFade, count: skill.steadyRuns, ratio: skill.mastery))
    }

    /// Clean runs in a row a step needs before it fades: the policy's number, once more for every
    /// recent fade of the step that trouble undid (a step that went wrong after fading has shown
    /// it is not yet known, so fading it again needs more evidence; this also stops flapping).
    public static func cleanRunsToFade(_ skill: StepSkill, policy: GuidancePolicy) -> Int {
        policy.fadeAfterCleanRuns * (1 + skill.failedFades)
    }

    /// Trouble soon after a fade (before the step has held its new level for twice the fade streak).
    static func isFailedFade(_ skill: StepSkill, policy: GuidancePolicy) -> Bool {
        skill.lastChangeWasFade && skill.runsAtLevel <= 2 * policy.fadeAfterCleanRuns
    }

    /// A fade held: the step stayed clean at its new level for twice the fade streak.
    static func held(_ skill: StepSkill, policy: GuidancePolicy) -> Bool {
        skill.failedFades > 0 && skill.lastChangeWasFade && skill.cleanStreak == 2 * policy.fadeAfterCleanRuns
            && skill.runsAtLevel == skill.cleanStreak
    }

    /// One level more help when the estimate crosses below `raiseMastery` (once per crossing, so
    /// a worker who stays low is not raised again and again).
    private static func masteryRaise(
        _ mastery: Double, prior: Double, from level: GuidanceLevel, policy: GuidancePolicy
    ) -> (level: GuidanceLevel, cause: LevelChangeCause?) {
        guard mastery < policy.raiseMastery, prior >= policy.raiseMastery else { return (level, nil) }
        return (level.raised, LevelChangeCause(.mastery, ratio: mastery))
    }

    /// The strongest sign of the run names it: help asked, else wrong actions, else hesitation.
    private static func troubleCause(_ o: StepObservation) -> LevelChangeCause {
        if o.helpRequested { return LevelChangeCause(.helpAsked) }
        if o.wrongActions > 0 { return LevelChangeCause(.errors, count: o.wrongActions) }
        return LevelChangeCause(.hesitation)
    }

    /// Help is not an error: a run with help gives no evidence either way.
    private static func updatedMastery(
        _ p: Double, _ o: StepObservation, policy: GuidancePolicy, model: MasteryModel
    ) -> Double {
        if o.helpRequested { return p }
        if o.isFatigued(policy) { return p }
        let correct = o.wrongActions == 0 && !o.hesitated && !o.isSlow(policy)
        return model.update(p, correct: correct)
    }
}
