import Foundation
import StepwiseCore
import StepwiseFormats
import StepwiseRuntime

/// The benchmark's station: a cell with a 1920×1080 projector (the Raspberry-Pi cell's geometry and
/// calibration) written to a file-backed XRGB8888 framebuffer, and the scenes and events it sees.
enum BenchStations {
    /// `definitions` with the projector re-targeted to a scratch file at 1920×1080 XRGB8888, the
    /// memory layout of a 1080p HDMI framebuffer; zones, panel and calibration stay as they are.
    static func at1080p(_ definitions: Definitions, framebuffer path: String) -> Definitions {
        var result = definitions
        var projector = result.cell.projector
        projector.framebuffer = FramebufferDisplaySettings(target: .file(path: path), pixelFormat: .xrgb8888)
        if projector.width != 1920 || projector.height != 1080 {
            let sx = 1920 / Double(projector.width), sy = 1080 / Double(projector.height)
            projector.calibration.projector = projector.calibration.projector.map {
                PointPX(x: $0.x * sx, y: $0.y * sy)
            }
            projector.width = 1920
            projector.height = 1080
        }
        result.cell.projector = projector
        return result
    }

    /// The worker's skill with the level locked at `level` for every set, so the scenes stay at
    /// that level however fast the benchmark runs (the guidance model would otherwise fade them).
    static func lockedSkills(_ worker: WorkerPseudonym, _ sets: [InstructionSet], at level: GuidanceLevel)
        -> [WorkerSkill]
    {
        sets.map { WorkerSkill(worker: worker, instructionSet: $0.id, controls: CoachControls(locked: level)) }
    }

    /// At least `count` timed events of workers doing whole cycles of every set and variant, as the
    /// sensors would report them (one activation per second of station time).
    static func events(_ definitions: Definitions, count: Int) -> [TimedEvent] {
        let worker = WorkerPseudonym("bench")
        let skills = lockedSkills(worker, definitions.instructionSets, at: .full)
        var events: [TimedEvent] = []
        var clock = Instant(seconds: 1_800_000_000)
        func add(_ event: StationEvent) {
            clock = clock.adding(seconds: 1)
            events.append(TimedEvent(event, at: clock))
        }
        while events.count < count {
            for set in definitions.instructionSets {
                for variant in set.variants.isEmpty ? [nil] : set.variants.map(\.id) {
                    add(.login(worker, skills: skills))
                    add(.select(set.id, variant: variant))
                    for _ in 0..<3 {
                        for step in set.stages(for: variant).flatMap(\.steps) {
                            activations(step.completion).forEach { add(.activated($0)) }
                        }
                    }
                    add(.logout)
                }
            }
        }
        return events
    }

    /// Inputs that complete `condition`: every input of all-of, the first of any-of, counted ones repeated.
    static func activations(_ condition: CompletionCondition) -> [InputID] {
        switch condition {
        case .input(let id, let count): Array(repeating: id, count: max(1, count))
        case .anyOf(let parts): parts.first.map(activations) ?? []
        case .allOf(let parts): parts.flatMap(activations)
        }
    }
}
