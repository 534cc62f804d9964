import Foundation
import StepwiseCore
import StepwiseDevices
import StepwiseLog
import StepwiseTestSupport
import Testing

@testable import StepwiseRuntime

/// The profile worker's read after a sign-in when an uplink ships the log: it asks for the
/// worker's central state through the log and takes it once the uplink answered; without an
/// uplink it never asks, and an uplink that does not answer leaves the station's own copy.
@Suite struct CentralProfilesTests {
    static let worker: WorkerPseudonym = "w-c0ffee"
    static let set: InstructionSetID = "led-fixture"
    static let central = WorkerState(
        worker: worker,
        sets: [
            set: WorkerSetState(
                steps: ["fit": Stamped(StepSkill(level: .silent, runs: 40), at: Instant(seconds: 1_800_000_000))],
                limits: Stamped(CoachControls(floor: .hint), at: Instant(seconds: 1_800_000_000)))
        ])

    static func localLog(shipped: Bool) throws -> QualityLog {
        let log = try QualityLog(path: try Repository.scratch().appendingPathComponent("q.sqlite").path)
        try log.append(
            [],
            skills: [WorkerSkill(worker: worker, instructionSet: set, steps: ["fit": StepSkill(level: .full, runs: 2)])]
        )
        if shipped { _ = try UplinkOutbox(path: log.path) }
        return log
    }

    @Test func theUplinksAnswerIsWhatTheWorkerSignsInWith() throws {
        let log = try Self.localLog(shipped: true)
        let profiles = QualityLogProfiles(
            path: log.path, opened: log, centralWait: .seconds(60),
            asked: { worker, stamp in
                // The uplink's part, on a thread of its own as in its own process.
                Thread.detachNewThread { try? log.answer(Self.central, asked: stamp) }
            })
        let profile = try profiles.storedProfile(of: Self.worker)
        #expect(profile.skills.first?.steps["fit"]?.level == .silent)
        #expect(profile.skills.first?.controls.floor == .hint)
    }

    @Test func aLogNoUplinkShipsIsNeverAsked() throws {
        let log = try Self.localLog(shipped: false)
        let profiles = QualityLogProfiles(
            path: log.path, opened: log, centralWait: .seconds(60),
            asked: { _, _ in Issue.record("asked without an uplink") })
        #expect(try profiles.storedProfile(of: Self.worker).skills.first?.steps["fit"]?.level == .full)
        #expect(try log.wantedWorkers().isEmpty)
    }

    @Test func anUnansweredRequestLeavesTheStationsOwnCopy() throws {
        let log = try Self.localLog(shipped: true)
        let profiles = QualityLogProfiles(path: log.path, opened: log, centralWait: .milliseconds(1))
        #expect(try profiles.storedProfile(of: Self.worker).skills.first?.steps["fit"]?.level == .full)
        #expect(try log.wantedWorkers().map(\.worker) == [Self.worker], "the uplink answers it later")
    }
}

extension ProfilesAtLoginTests {
    /// Through the real daemon: the sign-in frame uses the station's own copy; the central copy
    /// the uplink brings a moment later updates the session (a step practised elsewhere, a floor
    /// set on the central dashboard), and nothing of it is read on the event thread.
    @Test func theCentralCopyArrivingAfterTheSignInUpdatesTheGuidance() throws {
        let (dir, log, worker, set) = try scratch()
        let step = try #require(
            try Definitions.load(
                cellPath: Repository.path("Devices/demo-cell.yaml"),
                instructionsPath: Repository.path("WorkInstructions")
            ).get().instructionSets[0].allSteps.first?.id.rawValue)
        try log.append(
            [],
            skills: [WorkerSkill(worker: worker, instructionSet: set, steps: [step: StepSkill(level: .full, runs: 2)])])
        _ = try UplinkOutbox(path: log.path)
        let central = WorkerState(
            worker: worker,
            sets: [
                set: WorkerSetState(
                    steps: [step: Stamped(StepSkill(level: .location, runs: 40), at: Instant(seconds: 1_800_000_000))],
                    limits: Stamped(CoachControls(floor: .location), at: Instant(seconds: 1_800_000_000)))
            ])
        let profiles = QualityLogProfiles(
            path: log.path, opened: log, centralWait: .seconds(60),
            asked: { _, stamp in Thread.detachNewThread { try? log.answer(central, asked: stamp) } })
        let recorder = StationRecorder()
        let daemon = try daemon(dir, profiles: profiles, logPath: log.path, recorder: recorder)
        var atSignIn: WorkerSkill?
        daemon.loop.schedule(at: MonotonicInstant.now()) {
            daemon.login(badge: Self.badge)
            let state = daemon.station.machine.state
            atSignIn = state.skill?.instructionSet == set ? state.skill : state.storedSkills[set]
        }
        recorder.onProfileRefreshed = { _ in daemon.loop.stop() }
        _ = daemon.runLoop()
        #expect(atSignIn?.steps[step]?.runs == 2, "the sign-in used the station's copy")
        let state = daemon.station.machine.state
        let after = state.skill?.instructionSet == set ? state.skill : state.storedSkills[set]
        #expect(after?.steps[step] == StepSkill(level: .location, runs: 40))
        #expect(controls(daemon, set) == CoachControls(floor: .location))
    }
}
