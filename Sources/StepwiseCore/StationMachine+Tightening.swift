/// Tightenings: every one is a record of its own, so a step that needs four screws keeps four
/// torques, and a NOK is kept even when the step ignores it.
extension StationMachine {
    /// Logs `tightening` against the open step it counts for (or is a wrong action of); without
    /// one (no work started, or a screw between cycles) it is logged without a step.
    mutating func logTightening(_ tightening: Tightening, input: InputID, at: Instant) {
        let set = currentSet
        let step = state.phase == .working ? openStep(concerning: input) : nil
        let level = step.flatMap { id in set.map { state.shownLevel(of: id, in: $0) } }
        log(.tightening, at: at, step: step, level: level, input: input)
        outbox[outbox.count - 1].tightening = tightening
    }

    /// The first open step that counts `input` or lists it as a wrong action.
    private func openStep(concerning input: InputID) -> StepID? {
        let open = state.runs.filter { !$0.done }.compactMap { step($0.step) }
        return open.first { $0.completion.inputs.contains(input) }?.id
            ?? open.first { $0.wrongActions.contains { $0.input == input } }?.id
    }
}
