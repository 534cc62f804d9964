/// The machine's side of the rules beyond one run: group trouble, the warm-up after a break,
/// fatigue late in a session. Warm-up and fatigue only change what is shown, never the stored
/// skill: a break or a tiring afternoon is no evidence against the worker.
extension StationMachine {
    /// Shows one level more than stored on every open run while a warm-up or fatigue holds;
    /// a higher transient level (help, a wrong action) stays. Every raise is logged with the
    /// episode's reason, so the coach sees why the projection changed.
    mutating func raiseSupportOfOpenRuns(at: Instant) {
        guard state.supportRaised, let set = currentSet else { return }
        let controls = state.skill?.controls ?? CoachControls()
        for i in state.runs.indices where !state.runs[i].done {
            let id = state.runs[i].step
            if !state.fatigued, let skill = state.skill?.steps[id.rawValue],
                !GuidanceModel.needsWarmUp(skill, policy: set.policy)
            {
                continue
            }
            let stored = state.storedLevel(of: id, in: set)
            let shown = state.shownLevel(of: id, in: set)
            let raised = GuidanceModel.transientRaise(from: stored, controls: controls)
            guard raised > (state.runs[i].transientLevel ?? stored) else { continue }
            state.runs[i].transientLevel = raised
            if state.warmUp && !state.fatigued { state.warmedUpSteps.insert(id) }
            if raised != shown, !state.degradesSensing {
                log(
                    LevelChange(
                        step: id, from: shown, to: raised, cause: state.supportReason ?? LevelChangeCause(.moreHelp)),
                    at: at)
            }
        }
    }

    /// A pause longer than the break time ended: the hesitation it set off in the open runs is
    /// forgiven (the worker was away, not stuck) and the rest of this cycle is a warm-up.
    mutating func breakEnded(pause: Double, policy: GuidancePolicy, at: Instant) {
        guard pause > policy.breakSeconds else { return }
        for i in state.runs.indices where !state.runs[i].done { state.runs[i].hesitated = false }
        guard GuidanceModel.isBreak(pauseSeconds: pause, policy: policy) else { return }
        state.warmUp = true
        if !state.fatigued { state.supportReason = LevelChangeCause(.warmUpBreak, count: Int(pause)) }
        raiseSupportOfOpenRuns(at: at)
    }

    /// Whether a run ending `at` is late in this worker's session.
    func isLateInShift(at: Instant, policy: GuidancePolicy) -> Bool {
        guard let start = state.sessionStart else { return false }
        return GuidanceModel.isLateInShift(sessionSeconds: at.seconds(since: start), policy: policy)
    }

    /// A slow run late in the session: more help from now on, until logout.
    mutating func noteFatigue(_ observation: StepObservation, policy: GuidancePolicy, at: Instant) {
        guard observation.isFatigued(policy), !state.fatigued else { return }
        state.fatigued = true
        let since = state.sessionStart.map { Int(at.seconds(since: $0)) }
        state.supportReason = LevelChangeCause(.fatigue, count: since)
        raiseSupportOfOpenRuns(at: at)
    }

    /// The end of a warm-up cycle: the steps it raised go back to their stored level, logged.
    mutating func endWarmUp(at: Instant) {
        defer {
            state.warmUp = false
            state.warmedUpSteps = []
        }
        guard state.warmUp, !state.fatigued, let set = currentSet else { return }
        state.supportReason = nil
        let controls = state.skill?.controls ?? CoachControls()
        for step in set.allSteps where state.warmedUpSteps.contains(step.id) {
            let stored = state.storedLevel(of: step.id, in: set)
            let raised = GuidanceModel.transientRaise(from: stored, controls: controls)
            guard raised != stored else { continue }
            log(LevelChange(step: step.id, from: raised, to: stored, cause: LevelChangeCause(.warmUpDone)), at: at)
        }
    }

    /// At the end of an any-order group: repeated trouble raises the steps of the group that
    /// were not already raised for their own trouble.
    mutating func raiseTroubledGroup(at: Instant) {
        guard let set = currentSet, state.stageIndex < stages.count, let group = stages[state.stageIndex].group,
            var skill = state.skill
        else { return }
        let signs = state.runs.map(GuidanceModel.troubleSigns).reduce(0, +)
        guard GuidanceModel.groupNeedsRaise(troubleSigns: signs, policy: set.policy) else { return }
        for run in state.runs where GuidanceModel.troubleSigns(run) == 0 {
            let before =
                skill.steps[run.step.rawValue]
                ?? GuidanceModel.initialSkill(policy: set.policy, controls: skill.controls)
            let (after, change) = GuidanceModel.groupRaise(
                step: run.step, skill: before, group: group, troubleSigns: signs, policy: set.policy,
                controls: skill.controls)
            skill.steps[run.step.rawValue] = after
            if let change { log(change, at: at) }
        }
        state.skill = skill
    }

    /// At login: a worker back after more than the break time starts with a warm-up cycle.
    mutating func noteReturn(_ skill: WorkerSkill, at: Instant, policy: GuidancePolicy) {
        guard let last = skill.lastPractice else { return }
        let away = at.seconds(since: last)
        guard GuidanceModel.isBreak(pauseSeconds: away, policy: policy) else { return }
        state.warmUp = true
        state.supportReason = LevelChangeCause(.warmUpReturn, count: Int(away))
    }
}
