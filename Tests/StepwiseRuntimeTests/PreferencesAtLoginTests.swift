import Foundation
import StepwiseCore
import StepwiseDevices
import StepwiseLog
import StepwiseRuntime
import Testing

/// A worker's stored display preferences take effect when their badge logs in, and end at logout.
@Suite struct PreferencesAtLoginTests {
    func texts(_ scene: Scene) -> [(language: String, heightMM: Double)] {
        scene.items.compactMap { item in
            if case .text(_, let language, _, let height) = item.content { return (language, height) }
            return nil
        }
    }

    @Test func storedPreferencesAreAppliedAtLoginAndDroppedAtLogout() throws {
        let demo = try DemoStation()
        let (station, log, definitions) = (demo.station, demo.log, demo.definitions)
        defer { demo.writer.close() }
        let worker = WorkerPseudonym("w-large")
        let stored = WorkerPreferences(textScale: 1.5, highContrast: true, language: "en")
        try log.savePreferences(stored, worker: worker)
        // As the daemon does: the worker's stored preferences come with the login.
        let set = definitions.instructionSets[0]
        let login = station.handle(
            .login(worker, skills: []), at: Instant(seconds: 1_800_000_000),
            preferences: try log.loadPreferences(worker: worker))
        #expect(station.preferences == stored)
        #expect(station.renderer.preferences == stored, "contrast and text scale reach the renderer")
        #expect(login.presented == [PixelRect(x: 0, y: 0, width: 1280, height: 800)], "the login frame is drawn whole")
        station.handle(.select(set.id, variant: set.variants.first?.id), at: Instant(seconds: 1_800_000_001))
        let minimum = definitions.cell.projector.minimumTextMM
        let shown = texts(station.projectedScene)
        #expect(!shown.isEmpty)
        #expect(shown.allSatisfy { $0.language == "en" }, "the worker's language, not the cell's nl: \(shown)")
        #expect(shown.allSatisfy { $0.heightMM >= minimum * 1.5 }, "\(shown)")
        station.handle(.logout, at: Instant(seconds: 1_800_000_002))
        #expect(station.preferences == .standard)
        #expect(station.renderer.preferences == .standard)
    }

    @Test func aWorkerWithoutStoredPreferencesGetsTheStandardOnes() throws {
        let demo = try DemoStation()
        let (station, log) = (demo.station, demo.log)
        defer { demo.writer.close() }
        let worker = WorkerPseudonym("w-plain")
        station.handle(
            .login(worker, skills: []), at: Instant(seconds: 1_800_000_000),
            preferences: try log.loadPreferences(worker: worker))
        #expect(station.preferences == .standard)
        #expect(texts(station.projectedScene).allSatisfy { $0.language == "nl" || $0.language.isEmpty })
    }
}
