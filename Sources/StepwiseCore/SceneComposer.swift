/// Turns the station state into what the projector shows, following the instruction set's
/// `GuidanceContent` for each step's level. Keys are stable ("zone:<id>", "bin:<id>", "text",
/// "picture", "progress", "cue", "fault", "contour:<step>", "done:<step>", "attention:<id>") so
/// the renderer redraws only what changed. Calm by design: no clock, no ranking, no alarm colours.
public enum SceneComposer {
    /// The scene for `state`; `language` overrides the cell's language (a worker's preference).
    public static func scene(for state: StationState, cell: Cell, set: InstructionSet?, language: String? = nil)
        -> Scene
    {
        let layout = PanelLayout(panel: cell.projector.panel, minimumTextMM: cell.projector.minimumTextMM)
        var items: [SceneItem] = []
        switch state.phase {
        case .idle:
            items.append(SceneItem(key: "cue", content: .cue(.welcome, frame: layout.bigCue)))
        case .choosingWork:
            items.append(
                SceneItem(key: "cue", content: .cue(.chooseVariant(choices(state, set)), frame: layout.bigCue)))
        case .cycleDone:
            items.append(SceneItem(key: "cue", content: .cue(.cycleDone, frame: layout.bigCue)))
        case .working:
            if let set {
                items += work(state, cell: cell, set: set, layout: layout, language: language ?? cell.language)
            }
        }
        if state.phase != .working, let cue = state.cue {
            items = [SceneItem(key: "cue", content: .cue(cue, frame: layout.bigCue))]
        }
        if let message = faultMessage(state) {
            items.append(SceneItem(key: "fault", content: .cue(.fault(message), frame: layout.fault)))
        }
        return Scene(items: items)
    }

    /// Lamps of bins shown at their step's level, and the enables of the open steps.
    public static func lamps(for state: StationState, cell: Cell, set: InstructionSet?) -> Set<OutputID> {
        guard state.phase == .working, let set else { return [] }
        var on = Set<OutputID>()
        for run in state.openRuns {
            guard let step = set.step(run.step) else { continue }
            on.formUnion(step.enables)
            guard set.guidance.shows(.bins, at: state.shownLevel(of: step.id, in: set)) else { continue }
            on.formUnion(step.bins.compactMap { cell.zone($0)?.lamp })
        }
        return on
    }

    /// Variant codes of the chosen set (a variant without a code by its id); empty while no set
    /// is chosen (the cue then asks for any product code).
    static func choices(_ state: StationState, _ set: InstructionSet?) -> [String] {
        if let set, !set.variants.isEmpty { return set.variants.map { $0.code ?? $0.id.rawValue } }
        return []
    }

    /// The newest fault's message, and how many more are open ("+2"): one line however many
    /// devices fail, composed in constant time on every event.
    static func faultMessage(_ state: StationState) -> String? {
        guard let newest = state.faults.newest else { return nil }
        return state.faults.count > 1 ? "\(newest.message) (+\(state.faults.count - 1))" : newest.message
    }
}
