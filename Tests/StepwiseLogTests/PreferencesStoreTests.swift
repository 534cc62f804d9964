import StepwiseCore
import Testing
@testable import StepwiseLog

/// Display preferences kept per worker pseudonym in the quality log.
@Suite struct PreferencesStoreTests {
    @Test func preferencesRoundTripAndAreReplaced() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("q.sqlite"))
        let worker = WorkerPseudonym("w-pref1")
        #expect(try log.loadPreferences(worker: worker) == nil)
        let first = WorkerPreferences(textScale: 1.5, highContrast: true, language: "tr")
        try log.savePreferences(first, worker: worker)
        #expect(try log.loadPreferences(worker: worker) == first)
        let second = WorkerPreferences(textScale: 2, highContrast: false, language: "ar")
        try log.savePreferences(second, worker: worker)
        #expect(try log.loadPreferences(worker: worker) == second)
        #expect(try log.loadPreferences(worker: WorkerPseudonym("w-other")) == nil)
        // Reopened: stored in the file, not in memory.
        #expect(try QualityLog(path: scratch.path("q.sqlite")).loadPreferences(worker: worker) == second)
    }

    @Test func standardPreferencesKeepNoRow() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("q.sqlite"))
        let worker = WorkerPseudonym("w-pref2")
        try log.savePreferences(WorkerPreferences(textScale: 2), worker: worker)
        try log.savePreferences(.standard, worker: worker)
        #expect(try log.loadPreferences(worker: worker) == nil)
    }

    @Test func erasingAWorkerErasesTheirPreferences() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("q.sqlite"))
        let worker = WorkerPseudonym("w-pref3")
        try log.savePreferences(WorkerPreferences(highContrast: true), worker: worker)
        #expect(try log.eraseWorker(worker) == 1)
        #expect(try log.loadPreferences(worker: worker) == nil)
    }
}
