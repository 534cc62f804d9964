import StepwiseCore

extension Definitions {
    /// The scene of every stage of every set and variant at full guidance, in working order:
    /// consecutive scenes are the step transitions a worker sees. The station prepares its
    /// renderer with them at start-up and after a reload (`FrameRenderer.prepare`), so no picture
    /// is decoded and no text shaped while a worker waits; the benchmark times the transitions.
    package func stepScenes() -> [[Scene]] { workingScenes(includingSessionScreens: false) }

    /// Everything `stepScenes` has, plus each step within a stage (the checks left), each "try
    /// again" cue, and the screens around the steps: the badge screen, the choice of set or
    /// variant after a login and the screen after each cycle. What the station prepares its
    /// renderer with: a screen left out is rasterised on the event thread the first time a
    /// worker sees it (measured at 4 ms).
    func scenesToPrepare() -> [Scene] { workingScenes(includingSessionScreens: true).flatMap { $0 } }

    private func workingScenes(includingSessionScreens: Bool) -> [[Scene]] {
        let worker = WorkerPseudonym("prepare")
        let skills = instructionSets.map {
            WorkerSkill(worker: worker, instructionSet: $0.id, controls: CoachControls(locked: .full))
        }
        var sequences: [[Scene]] = []
        for set in instructionSets {
            for variant in set.variants.isEmpty ? [nil] : set.variants.map(\.id) {
                var machine = StationMachine(cell: cell, instructionSets: instructionSets)
                var clock = Instant(seconds: 1_800_000_000)
                func feed(_ event: StationEvent) {
                    clock = clock.adding(seconds: 1)
                    _ = machine.handle(TimedEvent(event, at: clock))
                }
                var scenes: [Scene] = []
                if includingSessionScreens { scenes.append(machine.scene) }
                feed(.login(worker, skills: skills))
                if includingSessionScreens { scenes.append(machine.scene) }
                feed(.select(set.id, variant: variant))
                for stage in set.stages(for: variant) {
                    scenes.append(machine.scene)
                    if includingSessionScreens { scenes += Self.tryAgainScenes(machine, stage, at: clock) }
                    for (index, _) in stage.steps.enumerated() {
                        feed(.confirm)
                        // Within a stage the text changes as checks are confirmed one by one.
                        if includingSessionScreens && index < stage.steps.count - 1 { scenes.append(machine.scene) }
                    }
                }
                if includingSessionScreens { scenes.append(machine.scene) }
                sequences.append(scenes)
            }
        }
        return sequences
    }

    /// The stage's scene with each of its "try again" cues, from a copy of the machine (so the
    /// working path is not changed by the mistake).
    private static func tryAgainScenes(_ machine: StationMachine, _ stage: Stage, at clock: Instant) -> [Scene] {
        stage.steps.flatMap(\.wrongActions).map { wrong in
            var mistaken = machine
            _ = mistaken.handle(TimedEvent(.activated(wrong.input), at: clock.adding(seconds: 0.5)))
            return mistaken.scene
        }
    }
}
