/// A coach's limits that reach the station after the worker signed in.
extension StationMachine {
    /// The signed-in `worker`'s stored skills as the log holds them now (read off the event path
    /// just after sign-in, so a coach's change made while the worker was away still applies "at
    /// the next sign-in"). Their controls replace the ones the session started with; what the
    /// station learned this session stays. A set the session knew nothing of is taken whole.
    /// Another worker's skills change nothing. The scene shows the new limits at once.
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
        if state.skill?.instructionSet == set {
            state.skill?.controls = stored.controls
            known = true
        }
        if state.storedSkills[set] != nil {
            state.storedSkills[set]?.controls = stored.controls
            known = true
        }
        if !known { state.storedSkills[set] = stored }
    }
}
