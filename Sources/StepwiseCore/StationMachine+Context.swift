/// The machine's side of the rules beyond one run: group trouble, the warm-up after a break,
/// fatigue late in a session. Warm-up and fatigue only change what is shown, never the stored
/// skill: a break or a tiring afternoon is no evidence against the worker.
extension StationMachine {
    /// Shows one level more than stored on every open run while a warm-up or fatigue holds;
    /// a higher transient level (help, a wrong action) stays.
    mutating func raiseSupportOfOpenRuns() {
        guard state.supportRaised, let set = currentSet else { return }
        let controls = state.skill?.controls ?? CoachControls()
        for i in state.runs.indices where !state.runs[i].done {
            let stored = state.storedLevel(of: state.runs[i].step, in: set)
            let raised = GuidanceModel.transientRaise(from: stored, controls: controls)
            if raised > (state.runs[i].transientLevel ?? stored) { state.runs[i].transientLevel = raised }
        }
    }

    /// A pause longer than the break time ended: the hesitation it set off is forgiven (the
    /// worker was away, not stuck) and the rest of this cycle is a warm-up.
    mutating func breakEnded(run i: Int, pause: Double, policy: GuidancePolicy) {
        guard pause > policy.breakSeconds else { return }
        state.runs[i].hesitated = false
        guard GuidanceModel.isBreak(pauseSeconds: pause, policy: policy) else { return }
        state.warmUp = true
        raiseSupportOfOpenRuns()
    }

    /// Whether a run ending `at` is late in this worker's session.
    func isLateInShift(at: Instant, policy: GuidancePolicy) -> Bool {
        guard let start = state.sessionStart else { return false }
        return GuidanceModel.isLateInShift(sessionSeconds: at.seconds(since: start), policy: policy)
    }

    /// A slow run late in the session: more help from now on, until logout.
    mutating func noteFatigue(_ observation: StepObservation, policy: GuidancePolicy) {
        guard observation.isFatigued(policy), !state.fatigued else { return }
        state.fatigued = true
        raiseSupportOfOpenRuns()
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
            let before = skill.steps[run.step.rawValue]
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
        if GuidanceModel.isBreak(pauseSeconds: at.seconds(since: last), policy: policy) { state.warmUp = true }
    }
}
