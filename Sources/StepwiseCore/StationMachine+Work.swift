/// Doing the steps: counting activations, wrong actions, confirming by hand, finishing steps,
/// stages and cycles.
extension StationMachine {
    mutating func activate(_ input: InputID, at: Instant) {
        if state.phase == .cycleDone, firstStageListens(to: input) {
            // The worker is already at the next product: start it now rather than lose the input.
            startCycle(at: at)
        }
        guard state.phase == .working else { return }
        let listening = state.runs.indices.filter { i in
            !state.runs[i].done && step(state.runs[i].step)?.completion.inputs.contains(input) == true
        }
        if !listening.isEmpty {
            noteProgress(at: at)
            for i in listening { state.runs[i].counts[input, default: 0] += 1 }
            state.cue = nil
            state.attention = nil
            finishSatisfiedSteps(at: at)
        } else {
            wrongAction(input, at: at)
        }
    }

    private func firstStageListens(to input: InputID) -> Bool {
        (stages.first?.steps ?? []).contains { step in
            step.completion.inputs.contains(input) || step.wrongActions.contains { $0.input == input }
        }
    }

    /// Progress on any open step is progress of the whole stage (in an any-order group the
    /// worker does one step while the others wait): the gap since the stage's last progress is
    /// a pause of every open run, and all of them count on from here. Gaps longer than the break
    /// time are breaks, not slowness.
    private mutating func noteProgress(at: Instant) {
        let open = state.runs.indices.filter { !state.runs[$0].done }
        guard let last = open.map({ state.runs[$0].lastActivity }).max() else { return }
        let gap = at.seconds(since: last)
        for i in open { state.runs[i].lastActivity = at }
        guard let policy = currentSet?.policy else { return }
        let paused = GuidanceModel.breakSeconds(in: [gap], policy: policy)
        for i in open { state.runs[i].pausedSeconds += paused }
        breakEnded(pause: gap, policy: policy, at: at)
    }

    /// An input listed as a wrong action of an open step; any other input is ignored.
    private mutating func wrongAction(_ input: InputID, at: Instant) {
        guard let set = currentSet else { return }
        for i in state.runs.indices where !state.runs[i].done {
            guard let step = step(state.runs[i].step),
                let wrong = step.wrongActions.first(where: { $0.input == input })
            else { continue }
            let shown = state.shownLevel(of: step.id, in: set)
            state.runs[i].wrongActions += 1
            if state.runs[i].firstWrongAction == nil {
                state.runs[i].firstWrongAction = "\(input) (\(wrong.kind.rawValue))"
            }
            state.runs[i].transientLevel = GuidanceModel.transientRaise(
                from: shown, controls: state.skill?.controls ?? CoachControls())
            log(.wrongAction, at: at, step: step.id, level: shown, input: input, detail: wrong.kind.rawValue)
            state.cue = .tryAgain(wrong.message?.text(for: cell.language))
            state.attention = zone(of: input)
            return
        }
    }

    /// The bench zone an input belongs to, by the naming convention `<zone>.<signal>`
    /// (`bin-b.pick` → `bin-b`), so the wrong bin can be outlined.
    func zone(of input: InputID) -> ZoneID? {
        let name = input.rawValue.split(separator: ".").first.map(String.init) ?? input.rawValue
        return cell.zone(ZoneID(name))?.id
    }

    /// The confirm button completes the current step, or the first open step of a group.
    mutating func confirm(at: Instant) {
        guard state.phase == .working, let i = state.runs.firstIndex(where: { !$0.done }),
            let set = currentSet
        else { return }
        state.runs[i].confirmedByHand = true
        let id = state.runs[i].step
        log(.confirmedByHand, at: at, step: id, level: state.shownLevel(of: id, in: set))
        state.cue = nil
        state.attention = nil
        finish(i, at: at)
        advanceIfStageDone(at: at)
    }

    private mutating func finishSatisfiedSteps(at: Instant) {
        for i in state.runs.indices where !state.runs[i].done {
            guard let step = step(state.runs[i].step), step.completion.isSatisfied(by: state.runs[i].counts)
            else { continue }
            finish(i, at: at)
        }
        advanceIfStageDone(at: at)
    }

    /// Logs the step as done and lets the guidance model learn from the run.
    private mutating func finish(_ i: Int, at: Instant) {
        guard let set = currentSet, let step = step(state.runs[i].step) else { return }
        let run = state.runs[i]
        let duration = at.seconds(since: run.start)
        log(.stepDone, at: at, step: step.id, level: state.shownLevel(of: step.id, in: set), duration: duration)
        state.runs[i].done = true
        learn(from: run, step: step, set: set, duration: duration, at: at)
        // In an any-order group the other steps start counting from here; a pause before
        // lies outside their duration now.
        for j in state.runs.indices where !state.runs[j].done {
            state.runs[j].start = at
            state.runs[j].lastActivity = at
            state.runs[j].pausedSeconds = 0
        }
    }

    private mutating func learn(from run: StepRun, step: Step, set: InstructionSet, duration: Double, at: Instant) {
        guard var skill = state.skill else { return }
        let observation = StepObservation(
            durationSeconds: duration, targetSeconds: step.targetSeconds, wrongActions: run.wrongActions,
            helpRequested: run.helpRequested, confirmedByHand: run.confirmedByHand, hesitated: run.hesitated,
            pausedSeconds: run.pausedSeconds, wrongActionDetail: run.firstWrongAction,
            lateInShift: isLateInShift(at: at, policy: set.policy))
        let before =
            skill.steps[step.id.rawValue]
            ?? GuidanceModel.initialSkill(policy: set.policy, controls: skill.controls)
        let (after, change) = GuidanceModel.observe(
            observation, step: step.id, skill: before, policy: set.policy, controls: skill.controls)
        skill.steps[step.id.rawValue] = after
        skill.lastPractice = at
        state.skill = skill
        if let change { log(change, at: at) }
        noteFatigue(observation, policy: set.policy, at: at)
    }

    private mutating func advanceIfStageDone(at: Instant) {
        guard state.phase == .working, state.runs.allSatisfy(\.done) else { return }
        raiseTroubledGroup(at: at)
        state.stageIndex += 1
        if state.stageIndex < stages.count { return startStage(at: at) }
        log(.cycleDone, at: at, duration: state.cycleStart.map { at.seconds(since: $0) })
        state.skill?.cycles += 1
        state.phase = .cycleDone
        state.cycleDoneAt = at
        endWarmUp(at: at)
        state.runs = []
        state.cue = nil
        state.attention = nil
    }
}
