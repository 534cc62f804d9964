/// The working scene: the stage's steps at their levels, done steps of a group, the cue.
extension SceneComposer {
    static func work(
        _ state: StationState, cell: Cell, set: InstructionSet, layout: PanelLayout, language: String
    ) -> [SceneItem] {
        let steps = state.runs.compactMap { run in set.step(run.step).map { (step: $0, run: run) } }
        let open = steps.filter { !$0.run.done }
        let shows = { (element: GuidanceElement, step: Step) in
            set.guidance.shows(element, at: state.shownLevel(of: step.id, in: set))
        }
        var items = outlines(open.map(\.step), done: steps.filter(\.run.done).map(\.step), cell: cell, shows: shows)
        for step in open.map(\.step) where shows(.contour, step) {
            if let contour = step.contour {
                items.append(SceneItem(key: "contour:\(step.id)", content: .contour(contour)))
            }
        }
        if let zone = state.attention.flatMap(cell.zone) {
            items.append(SceneItem(key: "attention:\(zone.id)", content: .zone(zone.shape, role: .attention)))
        }
        let texts = open.map(\.step).filter { shows(.text, $0) }.map { $0.text.text(for: language) }
        if !texts.isEmpty {
            let text = texts.joined(separator: "\n")
            items.append(
                SceneItem(
                    key: "text",
                    content: .text(text, language: language, frame: layout.text, heightMM: cell.projector.minimumTextMM)
                ))
        }
        if let path = open.map(\.step).first(where: { shows(.picture, $0) && $0.picture != nil })?.picture {
            items.append(SceneItem(key: "picture", content: .picture(path: path, frame: layout.picture)))
        }
        if open.contains(where: { shows(.progress, $0.step) }) {
            let total = set.stages(for: state.variant).count
            items.append(
                SceneItem(
                    key: "progress", content: .progress(done: state.stageIndex, total: total, frame: layout.progress)))
        }
        if let cue = state.cue { items.append(SceneItem(key: "cue", content: .cue(cue, frame: layout.cue))) }
        return items
    }

    /// Zones (target), bins (pick) of the open steps; zones of done steps of a group (done).
    /// A zone shared by an open and a done step is drawn once, as the open step's target.
    private static func outlines(
        _ open: [Step], done: [Step], cell: Cell, shows: (GuidanceElement, Step) -> Bool
    ) -> [SceneItem] {
        var items: [SceneItem] = []
        var drawn = Set<String>()
        func add(_ key: String, _ zone: ZoneID, _ role: ZoneRole) {
            guard let shape = cell.zone(zone)?.shape, drawn.insert(key).inserted else { return }
            items.append(SceneItem(key: key, content: .zone(shape, role: role)))
        }
        for step in open where shows(.zones, step) { step.zones.forEach { add("zone:\($0)", $0, .target) } }
        for step in open where shows(.bins, step) { step.bins.forEach { add("bin:\($0)", $0, .pick) } }
        for step in done where shows(.zones, step) {
            step.zones.forEach { add("zone:\($0)", $0, .done) }
            if step.zones.isEmpty, let contour = step.contour, drawn.insert("done:\(step.id)").inserted {
                items.append(SceneItem(key: "done:\(step.id)", content: .zone(contour, role: .done)))
            }
        }
        return items
    }
}
