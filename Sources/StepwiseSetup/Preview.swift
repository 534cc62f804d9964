import Foundation
import StepwiseCore
import StepwiseRender

/// Renders what the projector will show for every stage of a set, at every guidance level and
/// for every variant, by driving the real machine (coach lock on the level, confirm by hand to
/// advance), so engineers judge exactly the frames the station would project.
public enum Preview {
    /// Writes `<set>[-<variant>]-<nn>-<step>-<level>.png` files into `directory`; returns their paths.
    public static func write(set: InstructionSet, cell: Cell, to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let variants: [VariantID?] = set.variants.isEmpty ? [nil] : set.variants.map(\.id)
        var written: [String] = []
        for variant in variants {
            for level in GuidanceLevel.allCases.reversed() {
                written += try frames(set: set, cell: cell, variant: variant, level: level, directory: directory)
            }
        }
        return written
    }

    private static func frames(
        set: InstructionSet, cell: Cell, variant: VariantID?, level: GuidanceLevel, directory: String
    ) throws -> [String] {
        let renderer = try FrameRenderer(projector: cell.projector)
        var machine = StationMachine(cell: cell, instructionSets: [set])
        var clock = Instant(seconds: 1_700_000_000)
        func step(_ event: StationEvent) {
            clock = clock.adding(seconds: 1)
            _ = machine.handle(TimedEvent(event, at: clock))
        }
        let worker = WorkerPseudonym("preview")
        step(
            .login(
                worker,
                skills: [WorkerSkill(worker: worker, instructionSet: set.id, controls: CoachControls(locked: level))]))
        step(.select(set.id, variant: variant))
        var paths: [String] = []
        for (index, stage) in set.stages(for: variant).enumerated() {
            let stepNames = stage.steps.map(\.id.rawValue).joined(separator: "+")
            let name = [set.id.rawValue, variant?.rawValue, String(format: "%02d", index + 1), stepNames, level.name]
                .compactMap { $0 }.joined(separator: "-")
            let path = (directory as NSString).appendingPathComponent(name + ".png")
            _ = renderer.render(machine.scene)
            try renderer.writePNG(to: path)
            paths.append(path)
            stage.steps.forEach { _ in step(.confirm) }
        }
        return paths
    }
}
