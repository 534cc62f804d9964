import StepwiseCore

extension Definitions {
    /// The scene of every stage of every set and variant at full guidance, in working order:
    /// consecutive scenes are the step transitions a worker sees. The station prepares its
    /// renderer with them at start-up and after a reload (`FrameRenderer.prepare`), so no picture
    /// is decoded and no text shaped while a worker waits; the benchmark times the transitions.
    func stepScenes() -> [[Scene]] {
        let worker = WorkerPseudonym("prepare")
        let skills = instructionSets.map {
            WorkerSkill(worker: worker, instructionSet: $0.id, controls: CoachControls(locked: .full))
        }
        var sequences: [[Scene]] = []
        for set in instructionSets {
            for variant in set.variants.isEmpty ? [nil] : set.variants.map(\.id) {
                var machine = StationMachine(cell: cell, instructionSets: instructionSets)
                var clock = Instant(seconds: 1_800_000_000)
                func feed(_ event: StationEvent) { clock = clock.adding(seconds: 1); _ = machine.handle(TimedEvent(event, at: clock)) }
                feed(.login(worker, skills: skills))
                feed(.select(set.id, variant: variant))
                var scenes: [Scene] = []
                for stage in set.stages(for: variant) {
                    scenes.append(machine.scene)
                    stage.steps.forEach { _ in feed(.confirm) }
                }
                sequences.append(scenes)
            }
        }
        return sequences
    }
}
