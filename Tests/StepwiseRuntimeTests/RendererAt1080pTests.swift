import StepwiseTestSupport
import Foundation
import StepwiseCore
import StepwiseLog
import StepwiseRender
import Testing
@testable import StepwiseRuntime

/// The shipped sets on the Raspberry-Pi cell's 1080p geometry: what a step transition redraws, the
/// attention pulse through the runtime, and worker preferences reaching the scene.
@Suite struct RendererAt1080pTests {
    @Test func stepTransitionsOfTheShippedSetsRedrawLessThanHalfTheFrame() throws {
        let defs = try piCellAt1080p(in: try Repository.scratch())
        let renderer = try FrameRenderer(projector: defs.cell.projector)
        #expect(renderer.width == 1920 && renderer.height == 1080)
        let frame = 1920 * 1080
        var transitions = 0
        for sequence in defs.stepScenes() {
            renderer.render(sequence[0])
            for scene in sequence.dropFirst() {
                let damage = renderer.render(scene)
                let area = damage.reduce(0) { $0 + $1.area }
                #expect(area > 0, "a new step changes something")
                #expect(Double(area) < Double(frame) * 0.45, "\(area) px of \(frame)")
                transitions += 1
            }
        }
        #expect(transitions >= 5)
    }

    func station(_ dir: URL, _ defs: Definitions) throws -> (StationRuntime, QualityLogWriter) {
        let writer = QualityLogWriter(
            log: try QualityLog(path: dir.appendingPathComponent("q.sqlite").path), onFault: { _ in })
        var quiet = defs.cell
        quiet.outputs = []
        let station = try StationRuntime(
            definitions: defs, baseDirectory: dir.path, writer: writer, lamps: LampOutputs(cell: quiet))
        return (station, writer)
    }

    @Test func aWrongPickPulsesForAFewFramesThenTheStationIsIdle() throws {
        let dir = try Repository.scratch()
        let defs = try piCellAt1080p(in: dir)
        let (station, writer) = try station(dir, defs)
        defer { writer.close() }
        let set = try #require(defs.instructionSets.first { $0.id.rawValue == "led-streetlight" })
        let first = try #require(set.stages(for: set.variants.first?.id).first?.steps.first)
        let wrong = try #require(first.wrongActions.first)
        var t = Instant(seconds: 1_800_000_000)
        station.start(at: t)
        var step = StationStep(projector: .working)
        for event: StationEvent in [
            .login(WorkerPseudonym("w-1"), skills: []), .select(set.id, variant: set.variants.first?.id),
        ] {
            t = t.adding(seconds: 1)
            step = station.handle(event, at: t)
        }
        #expect(step.animation == nil, "nothing pulses before anything went wrong")
        t = t.adding(seconds: 1)
        step = station.handle(.activated(wrong.input), at: t)
        var frames = 0
        while let due = step.animation, frames < 200 {
            step = station.animate(at: due)
            if !step.presented.isEmpty { frames += 1 }
        }
        let expected = Int((AttentionPulse.duration / AttentionPulse.frameInterval).rounded())
        #expect((expected...expected + 1).contains(frames), "\(frames) animation frames")
        #expect(step.animation == nil)
    }

    @Test func preferencesGiveTheWorkersLanguageAndLargerText() throws {
        let dir = try Repository.scratch()
        let defs = try piCellAt1080p(in: dir)
        let (station, writer) = try station(dir, defs)
        defer { writer.close() }
        let set = defs.instructionSets[0]
        station.handle(.login(WorkerPseudonym("w-2"), skills: []), at: Instant(seconds: 1_800_000_000))
        station.handle(.select(set.id, variant: set.variants.first?.id), at: Instant(seconds: 1_800_000_001))
        let prefs = WorkerPreferences(textScale: 1.5, language: "en")
        let scene = SceneComposer.scene(for: station.machine.state, cell: defs.cell, set: set, preferences: prefs)
        let step = try #require(set.stages(for: set.variants.first?.id).first?.steps.first)
        let text = scene.items.compactMap { item -> (String, String, Double)? in
            if case .text(let words, let language, _, let height) = item.content { return (words, language, height) }
            return nil
        }.first
        #expect(text?.0 == step.text.text(for: "en"))
        #expect(text?.1 == "en")
        #expect(text?.2 == defs.cell.projector.minimumTextMM * 1.5)
        station.apply(prefs, at: Instant(seconds: 1_800_000_002))
        #expect(station.preferences == prefs)
    }
}
