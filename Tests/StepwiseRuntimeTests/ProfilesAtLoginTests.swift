import Foundation
import Logging
import StepwiseCore
import StepwiseFormats
import StepwiseDevices
import StepwiseLog
import StepwiseTestSupport
import Testing
@testable import StepwiseRuntime

/// A badge login takes the worker's skills and preferences from memory, through the real daemon;
/// the log is read on the refresh thread, and what a coach changed there while the daemon ran
/// applies at the worker's next sign-in.
@Suite struct ProfilesAtLoginTests {
    static let badge = "4711"

    /// The demo cell's daemon on scratch files, with `store` as its source of stored profiles.
    func daemon(_ dir: URL, store: CountingStore, recorder: StationRecorder) throws -> Daemon {
        try daemon(dir, profiles: store, logPath: store.log.path, recorder: recorder)
    }

    /// The demo cell's daemon on scratch files, with `profiles` as its source of stored profiles.
    func daemon(_ dir: URL, profiles: any ProfileStore, logPath: String, recorder: StationRecorder) throws -> Daemon {
        var definitions = try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get()
        definitions.cell.projector.framebuffer?.target = .file(path: dir.appendingPathComponent("fb.raw").path)
        definitions.cell.outputs = []
        let options = DaemonOptions(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions"),
            databasePath: logPath, pseudonymsPath: dir.appendingPathComponent("p.sqlite").path,
            console: false, watchFiles: false)
        let silent = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let daemon = try Daemon.assemble(
            options: options, definitions: definitions, logger: silent,
            parts: DaemonParts(profiles: profiles, observer: recorder))
        // Only if an answer never comes: the test then fails on its expectations instead of hanging.
        daemon.loop.schedule(at: MonotonicInstant.now().adding(seconds: 60)) { daemon.loop.stop() }
        return daemon
    }

    func scratch(_ name: String = #function) throws -> (URL, QualityLog, WorkerPseudonym, InstructionSetID) {
        let dir = try Repository.scratch(name)
        let log = try QualityLog(path: dir.appendingPathComponent("q.sqlite").path)
        let worker = try PseudonymRegistry(path: dir.appendingPathComponent("p.sqlite").path).pseudonym(
            forBadge: Self.badge)
        let set = try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get().instructionSets[0].id
        return (dir, log, worker, set)
    }

    func controls(_ daemon: Daemon, _ set: InstructionSetID) -> CoachControls? {
        let state = daemon.station.machine.state
        return state.skill?.instructionSet == set ? state.skill?.controls : state.storedSkills[set]?.controls
    }

    @Test func storedSkillAndPreferencesApplyAtLoginWithoutAReadOnTheEventThread() throws {
        let (dir, log, worker, set) = try scratch()
        let preferences = WorkerPreferences(textScale: 1.5, language: "en")
        try log.saveControls(CoachControls(locked: .hint), worker: worker, instructionSet: set)
        try log.savePreferences(preferences, worker: worker)
        let store = CountingStore(log: log)
        let recorder = StationRecorder()
        let daemon = try daemon(dir, store: store, recorder: recorder)
        var readsAtLogin = -1
        var atLogin: (CoachControls?, WorkerPreferences)?
        daemon.loop.schedule(at: MonotonicInstant.now()) {
            let before = store.reads(onEventThread: true)
            daemon.login(badge: Self.badge)
            readsAtLogin = store.reads(onEventThread: true) - before
            atLogin = (self.controls(daemon, set), daemon.station.preferences)
        }
        recorder.onProfileRefreshed = { _ in daemon.loop.stop() }
        _ = daemon.runLoop()
        #expect(readsAtLogin == 0, "a login reads nothing on the event thread")
        #expect(atLogin?.0 == CoachControls(locked: .hint))
        #expect(atLogin?.1 == preferences)
        #expect(store.reads(onEventThread: false) == 1, "the refresh read the log on its own thread")
    }

    @Test func aCoachsChangeWhileTheDaemonRunsAppliesAtTheNextSignIn() throws {
        let (dir, log, worker, set) = try scratch()
        let store = CountingStore(log: log)
        let recorder = StationRecorder()
        let daemon = try daemon(dir, store: store, recorder: recorder)
        let preferences = WorkerPreferences(highContrast: true)
        var refreshes = 0
        var justAfterSecondLogin: CoachControls?
        daemon.loop.schedule(at: MonotonicInstant.now()) { daemon.login(badge: Self.badge) }
        recorder.onProfileRefreshed = { _ in
            refreshes += 1
            guard refreshes == 1 else { return daemon.loop.stop() }
            daemon.dispatch(.logout)
            // The coach, at the dashboard or with `stepwise coach set`, while the worker is away.
            _ = try? log.saveControls(CoachControls(locked: .full), worker: worker, instructionSet: set)
            try? log.savePreferences(preferences, worker: worker)
            daemon.login(badge: Self.badge)
            justAfterSecondLogin = self.controls(daemon, set)
        }
        _ = daemon.runLoop()
        #expect(refreshes == 2)
        #expect(justAfterSecondLogin?.locked == nil, "the sign-in itself used memory, not the log")
        #expect(controls(daemon, set) == CoachControls(locked: .full), "the coach's lock applies in this session")
        #expect(daemon.station.preferences == preferences)
        #expect(daemon.station.renderer.preferences == preferences)
    }

    @Test func aLogThatCannotBeReadAtLoginStillGivesTheSkillInMemory() throws {
        let (dir, log, worker, set) = try scratch()
        try log.saveControls(CoachControls(floor: .hint), worker: worker, instructionSet: set)
        let store = CountingStore(log: log)
        let recorder = StationRecorder()
        let daemon = try daemon(dir, store: store, recorder: recorder)
        daemon.loop.schedule(at: MonotonicInstant.now()) {
            store.failing = true
            daemon.login(badge: Self.badge)
        }
        recorder.onProfileRefreshed = { _ in daemon.loop.stop() }
        _ = daemon.runLoop()
        #expect(store.failedReads == 1, "the refresh tried the log and failed")
        #expect(controls(daemon, set) == CoachControls(floor: .hint))
    }
}
