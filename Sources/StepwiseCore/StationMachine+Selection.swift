/// Who works on what: login, logout, choosing the set and variant, starting cycles.
extension StationMachine {
    mutating func login(_ worker: WorkerPseudonym, skills: [WorkerSkill], at: Instant) {
        if state.worker != nil { logout(at: at) }
        state.worker = worker
        state.phase = .choosingWork
        state.cue = nil
        state.sessionStart = at
        log(.login, at: at)
        // Every stored skill is brought up to date (absence, forgetting) once, at login.
        for skill in skills {
            let policy = instructionSets.first { $0.id == skill.instructionSet }?.policy ?? GuidancePolicy()
            noteReturn(skill, at: at, policy: policy)
            let (updated, changes) = GuidanceModel.atLogin(skill, at: at, policy: policy)
            state.instructionSet = skill.instructionSet
            state.skill = updated
            for change in changes { log(change, at: at) }
            state.storedSkills[skill.instructionSet] = updated
        }
        state.instructionSet = nil
        state.skill = skills.first.flatMap { state.storedSkills[$0.instructionSet] }
        if instructionSets.count == 1, let only = instructionSets.first {
            select(only.id, variant: nil, at: at)
        }
    }

    mutating func logout(at: Instant) {
        guard state.worker != nil else { return }
        log(.logout, at: at)
        let faults = state.faults
        state = StationState()
        state.faults = faults
    }

    /// A scanned code selects a variant (by its code or id), or a set by its id.
    mutating func scanned(_ code: String, at: Instant) {
        guard state.worker != nil else { return }
        let candidates = (currentSet.map { [$0] } ?? []) + instructionSets
        for set in candidates {
            if let variant = set.variants.first(where: { $0.code == code || $0.id.rawValue == code }) {
                return select(set.id, variant: variant.id, at: at)
            }
        }
        if let set = instructionSets.first(where: { $0.id.rawValue == code }) { select(set.id, variant: nil, at: at) }
    }

    /// Chooses the set; a set with variants waits for the variant. Unknown choices are ignored.
    mutating func select(_ id: InstructionSetID, variant: VariantID?, at: Instant) {
        guard state.worker != nil, let set = instructionSets.first(where: { $0.id == id }) else { return }
        let chosen = set.variants.isEmpty ? nil : variant.flatMap { v in set.variants.first { $0.id == v }?.id }
        // The skill of the set left behind is kept for a return to it in this session.
        if let current = state.skill { state.storedSkills[current.instructionSet] = current }
        state.instructionSet = id
        state.variant = chosen
        state.skill = skill(for: set)
        guard chosen != nil || set.variants.isEmpty else {
            state.phase = .choosingWork
            state.runs = []
            return
        }
        state.phase = .working
        state.cycle = (state.skill?.cycles ?? 0) + 1
        log(.variantSelected, at: at)
        startCycle(at: at)
    }

    /// The worker's skill in `set`, with every step present (new steps at the initial level).
    /// A skill of another set only lends its coach controls: limits a coach sets protect the worker.
    private func skill(for set: InstructionSet) -> WorkerSkill? {
        guard let worker = state.worker else { return nil }
        let live = state.skill.flatMap { $0.instructionSet == set.id ? $0 : nil }
        var skill =
            live ?? state.storedSkills[set.id] ?? state.skill ?? WorkerSkill(worker: worker, instructionSet: set.id)
        if skill.instructionSet != set.id {
            skill = WorkerSkill(worker: worker, instructionSet: set.id, controls: skill.controls)
        }
        for step in set.allSteps where skill.steps[step.id.rawValue] == nil {
            skill.steps[step.id.rawValue] = GuidanceModel.initialSkill(policy: set.policy, controls: skill.controls)
        }
        return skill
    }

    /// Starts a cycle at the first stage; a variant without any step waits for another choice.
    mutating func startCycle(at: Instant) {
        guard !stages.isEmpty else {
            state.phase = .choosingWork
            return
        }
        state.phase = .working
        state.cycle = (state.skill?.cycles ?? 0) + 1
        state.cycleStart = at
        state.cycleDoneAt = nil
        state.helpThisCycle = false
        state.stageIndex = 0
        startStage(at: at)
    }

    mutating func startStage(at: Instant) {
        state.cue = nil
        state.attention = nil
        let stage = stages[state.stageIndex]
        state.runs = stage.steps.map { StepRun(step: $0.id, start: at) }
        raiseSupportOfOpenRuns(at: at)
        keepHelpForTheCycle(at: at)
        guard let set = currentSet else { return }
        for step in stage.steps {
            log(.stepStarted, at: at, step: step.id, level: state.shownLevel(of: step.id, in: set))
        }
    }

    /// After a reload: keep the work if its definition is unchanged, else restart the cycle.
    mutating func reconcileSelection(previous: InstructionSet?, at: Instant) {
        guard state.worker != nil, let previous else { return }
        guard let set = currentSet else {
            state.instructionSet = nil
            state.variant = nil
            state.runs = []
            state.phase = .choosingWork
            return
        }
        guard set != previous, state.phase == .working || state.phase == .cycleDone else { return }
        if let variant = state.variant, !set.variants.contains(where: { $0.id == variant }) {
            state.variant = nil
            state.runs = []
            state.phase = .choosingWork
            return
        }
        state.skill = skill(for: set)
        startCycle(at: at)
    }
}
