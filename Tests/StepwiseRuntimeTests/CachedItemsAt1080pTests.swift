import StepwiseTestSupport
import Foundation
import StepwiseCore
import Testing
@testable import StepwiseRender
@testable import StepwiseRuntime

/// The fast path (item rasters, damage from a text's ink and a picture's fitted rectangle) must
/// draw exactly what drawing every item into its whole frame draws: every step of the shipped
/// sets on the Raspberry-Pi cell at 1080p, in both orders, standard and high-contrast large text.
@Suite struct CachedItemsAt1080pTests {
    static let preferences = [
        WorkerPreferences.standard, WorkerPreferences(textScale: 1.5, highContrast: true, language: "ar"),
    ]

    func pixels(_ renderer: FrameRenderer) -> [UInt8] { renderer.withPixels { Array($0) } }

    /// How many bytes differ, and the first differing pixel (x, y), for the failure message.
    func difference(_ a: [UInt8], _ b: [UInt8], bytesPerRow: Int) -> (count: Int, first: (Int, Int)?) {
        var count = 0, first: (Int, Int)?
        for i in a.indices where a[i] != b[i] {
            count += 1
            if first == nil { first = ((i % bytesPerRow) / 4, i / bytesPerRow) }
        }
        return (count, first)
    }

    @Test(arguments: preferences)
    func rastersAndTightBoundsDrawTheSamePixelsAsDrawingEverything(_ preferences: WorkerPreferences) throws {
        let defs = try piCellAt1080p(in: try Repository.scratch("cached-\(preferences.highContrast)"))
        let fast = try FrameRenderer(projector: defs.cell.projector)
        let plain = try FrameRenderer(projector: defs.cell.projector, rasters: nil, tightBounds: false)
        var sequences = defs.stepScenes()
        if preferences != .standard {
            sequences = sequences.map { $0.map { scene in Self.scaled(scene, preferences) } }
        }
        for renderer in [fast, plain] { renderer.apply(preferences) }
        fast.prepare(sequences.flatMap { $0 })
        var compared = 0
        for sequence in sequences {
            for scene in sequence + sequence.reversed() {
                fast.render(scene)
                plain.render(scene)
                let (count, first) = difference(pixels(fast), pixels(plain), bytesPerRow: fast.bytesPerRow)
                #expect(count == 0, "\(count) bytes differ, first at \(String(describing: first))")
                compared += 1
            }
        }
        #expect(compared >= 10)
        #expect((fast.rasters?.made ?? 0) > 0, "the fast path used rasters")
    }

    /// The scene as the station recomposes it for a worker with larger text.
    static func scaled(_ scene: Scene, _ preferences: WorkerPreferences) -> Scene {
        Scene(
            items: scene.items.map { item in
                guard case .text(let text, _, let frame, let height) = item.content else { return item }
                return SceneItem(
                    key: item.key,
                    content: .text(
                        text, language: preferences.language ?? "", frame: frame,
                        heightMM: height * preferences.textScale))
            })
    }

    @Test func aStepCycleSeenBeforeMakesNoNewRasters() throws {
        let defs = try piCellAt1080p(in: try Repository.scratch())
        let renderer = try FrameRenderer(projector: defs.cell.projector)
        let scenes = defs.stepScenes().flatMap { $0 }
        renderer.prepare(scenes)
        let made = renderer.rasters?.made ?? 0
        for scene in scenes { renderer.render(scene) }
        #expect(made > 0)
        #expect(renderer.rasters?.made == made, "prepared rasters are reused, not redrawn")
        #expect((renderer.rasters?.bytes ?? .max) <= 48 << 20)
    }

    /// A whole session as a worker lives it — badge screen, sign-in, choice, every step (with a
    /// mistake where one is possible), the end of the cycle, sign-out — draws nothing new after the station's preparation: no raster made and
    /// no text shaped on the event thread (a missed screen cost 4 ms at its first showing).
    @Test func aWholeSessionAfterPreparationMakesNothingNew() throws {
        let defs = try piCellAt1080p(in: try Repository.scratch())
        let renderer = try FrameRenderer(projector: defs.cell.projector)
        renderer.prepare(defs.scenesToPrepare())
        let (made, shaped) = (renderer.rasters?.made ?? 0, renderer.textLayoutsShaped)
        let worker = WorkerPseudonym("w-session")
        for set in defs.instructionSets {
            var machine = StationMachine(cell: defs.cell, instructionSets: defs.instructionSets)
            var clock = Instant(seconds: 1_900_000_000)
            func show(_ event: StationEvent) {
                clock = clock.adding(seconds: 2)
                _ = machine.handle(TimedEvent(event, at: clock))
                renderer.render(machine.scene)
            }
            renderer.render(machine.scene)
            let skills = defs.instructionSets.map {
                WorkerSkill(worker: worker, instructionSet: $0.id, controls: CoachControls(locked: .full))
            }
            show(.login(worker, skills: skills))
            show(.select(set.id, variant: set.variants.first?.id))
            for stage in set.stages(for: set.variants.first?.id) {
                // A mistake first where the stage has one: the calm "try again" cue with its words.
                if let wrong = stage.steps.flatMap(\.wrongActions).first { show(.activated(wrong.input)) }
                stage.steps.forEach { _ in show(.confirm) }
            }
            show(.logout)
        }
        #expect(made > 0)
        #expect(renderer.rasters?.made == made, "every screen of a session was rasterised in preparation")
        #expect(renderer.textLayoutsShaped == shaped, "every text of a session was shaped in preparation")
    }
}
