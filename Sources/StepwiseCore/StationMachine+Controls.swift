/// A coach's limits, and what the worker learned elsewhere, that reach the station after the
/// worker signed in.
extension StationMachine {
    /// The signed-in `worker`'s stored skills as the log holds them now (read off the event path
    /// just after sign-in, so a coach's change made while the worker was away still applies "at
    /// the next sign-in"). Their controls replace the ones the session started with; a step the
    /// stored copy has seen more repetitions of (the worker practised it at another station,
    /// and the central copy came with the sign-in) is taken from it, by the rule of
    /// `WorkerSetState.reconciled(with:)`; what the station learned this session stays. A set the
    /// session knew nothing of is taken whole. Another worker's skills change nothing. The scene
    /// shows the new limits at once.
    public mutating func adoptStoredControls(_ skills: [WorkerSkill], of worker: WorkerPseudonym) -> StationOutput {
        let skillBefore = state.skill
        outbox = []
        if state.worker == worker {
            for stored in skills where stored.worker == worker { adopt(stored) }
        }
        return StationOutput(
            records: outbox, scene: scene, lamps: SceneComposer.lamps(for: state, cell: cell, set: currentSet),
            wakeUp: wakeUp, skill: state.skill != skillBefore ? state.skill : nil)
    }

    private mutating func adopt(_ stored: WorkerSkill) {
        let set = stored.instructionSet
        var known = false
        if let skill = state.skill, skill.instructionSet == set {
            state.skill = skill.takingFullerSteps(of: stored)
            known = true
        }
        if let skill = state.storedSkills[set] {
            state.storedSkills[set] = skill.takingFullerSteps(of: stored)
            known = true
        }
        if !known { state.storedSkills[set] = stored }
    }
}
