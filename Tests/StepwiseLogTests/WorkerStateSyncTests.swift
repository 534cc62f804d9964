import Foundation
import GRDB
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseLog

/// The station's side of a worker's state across stations, without a server: what changed is
/// stamped and waits for the uplink until acknowledged, a central copy is reconciled into the
/// log by the rule, and a sign-in's request for the central copy is answered through the log.
@Suite struct WorkerStateSyncTests {
    static let worker: WorkerPseudonym = "w-00a1b2"
    static let set = Sample.set

    static func skill(_ steps: [String: StepSkill], cycles: Int = 1) -> WorkerSkill {
        WorkerSkill(worker: worker, instructionSet: set, steps: steps, cycles: cycles)
    }

    @Test func aSavedSkillWaitsUntilAcknowledgedAndOnlyChangedStepsAreStampedAgain() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("q.sqlite"))
        try log.append([], skills: [Self.skill(["a": StepSkill(level: .full, runs: 1), "b": StepSkill(level: .full)])])
        let first = try log.waitingWorkerStates(limit: 10)
        #expect(first.map(\.state.worker) == [Self.worker])
        #expect(first.first?.state.sets[Self.set]?.steps.keys.sorted() == ["a", "b"])
        let stampOfB = try log.workerState(of: Self.worker).sets[Self.set]?.steps["b"]?.at
        try log.acknowledgeWorkerStates(first.flatMap(\.keys))
        #expect(try log.waitingWorkerStates(limit: 10).isEmpty)

        try log.append([], skills: [Self.skill(["a": StepSkill(level: .hint, runs: 2), "b": StepSkill(level: .full)])])
        let state = try log.workerState(of: Self.worker).sets[Self.set]
        #expect(state?.steps["b"]?.at == stampOfB, "an unchanged step keeps when it was observed")
        #expect(state?.steps["a"]?.value.runs == 2)
        #expect(try log.waitingWorkerStateCount() == 1)
    }

    @Test func aChangeMadeWhileAShipmentWasUnderwayStillWaits() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("q.sqlite"))
        try log.append([], skills: [Self.skill(["a": StepSkill(level: .full, runs: 1)])])
        let read = try log.waitingWorkerStates(limit: 10)
        try log.append([], skills: [Self.skill(["a": StepSkill(level: .full, runs: 2)])])
        try log.acknowledgeWorkerStates(read.flatMap(\.keys))
        #expect(try log.waitingWorkerStates(limit: 10).first?.state.sets[Self.set]?.steps["a"]?.value.runs == 2)
    }

    @Test func aCoachsLimitsAreStampedAndTheDaemonsSavesKeepThem() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("q.sqlite"))
        try log.append([], skills: [Self.skill(["a": StepSkill(level: .full, runs: 1)])])
        #expect(try log.workerState(of: Self.worker).sets[Self.set]?.limits == nil, "no coach, no limits")
        try log.saveControls(CoachControls(floor: .hint), worker: Self.worker, instructionSet: Self.set)
        let limits = try log.workerState(of: Self.worker).sets[Self.set]?.limits
        #expect(limits?.value == CoachControls(floor: .hint))
        try log.append([], skills: [Self.skill(["a": StepSkill(level: .silent, runs: 9)])])
        #expect(try log.workerState(of: Self.worker).sets[Self.set]?.limits == limits)
    }

    @Test func theCentralCopyIsReconciledIntoTheLogByTheRule() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("q.sqlite"))
        try log.append(
            [],
            skills: [Self.skill(["a": StepSkill(level: .full, runs: 3), "local": StepSkill(level: .hint, runs: 4)])])
        let coach = Stamped(CoachControls(floor: .hint), at: Instant(seconds: 1_900_000_000))
        let central = WorkerState(
            worker: Self.worker,
            sets: [
                Self.set: WorkerSetState(
                    steps: ["a": Stamped(StepSkill(level: .silent, runs: 50), at: Instant(seconds: 1_700_000_000))],
                    cycles: 12, limits: coach)
            ],
            preferences: Stamped(WorkerPreferences(textScale: 2), at: Instant(seconds: 1_700_000_000)))
        try log.acknowledgeWorkerStates(try log.waitingWorkerStates(limit: 10).flatMap(\.keys))
        let profile = try log.adopt(central)
        let skill = try #require(try log.loadSkill(worker: Self.worker, instructionSet: Self.set))
        #expect(skill.steps["a"]?.level == .silent, "more repetitions win over the newer local copy")
        #expect(skill.steps["local"]?.runs == 4, "a step the central copy lacks stays")
        #expect(skill.controls.floor == .hint)
        #expect(skill.cycles == 12)
        #expect(profile.skills == [skill])
        #expect(try log.loadPreferences(worker: Self.worker) == WorkerPreferences(textScale: 2))
        let waiting = try log.waitingWorkerStates(limit: 10)
        #expect(waiting.first?.keys.map(\.set) == [Self.set.rawValue], "what the server lacks waits for it")
        #expect(try log.workerState(of: Self.worker).sets[Self.set]?.limits == coach, "the coach's stamp is kept")
    }

    @Test func aCopyTheServerAlreadyHasDoesNotWait() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("q.sqlite"))
        let central = WorkerState(
            worker: Self.worker,
            sets: [
                Self.set: WorkerSetState(steps: [
                    "a": Stamped(StepSkill(level: .hint, runs: 5), at: Instant(seconds: 9))
                ])
            ])
        try log.adopt(central)
        #expect(try log.waitingWorkerStates(limit: 10).isEmpty)
        #expect(try log.workerState(of: Self.worker) == central)
    }

    @Test func preferencesResetToTheStandardWaitAsTheStandard() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("q.sqlite"))
        try log.savePreferences(WorkerPreferences(highContrast: true), worker: Self.worker)
        try log.savePreferences(.standard, worker: Self.worker)
        let waiting = try log.waitingWorkerStates(limit: 10)
        #expect(waiting.first?.state.preferences?.value == .standard)
        #expect(waiting.first?.keys.map(\.set) == [""])
    }

    @Test func aSignInsRequestIsAnsweredThroughTheLog() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("q.sqlite"))
        #expect(try !log.isShipped())
        _ = try UplinkOutbox(path: log.path)
        #expect(try log.isShipped())
        let asked = try log.askCentral(for: Self.worker)
        #expect(try log.wantedWorkers().map(\.worker) == [Self.worker])
        #expect(try !log.isAnswered(Self.worker, asked: asked))
        let central = WorkerState(
            worker: Self.worker,
            sets: [Self.set: WorkerSetState(limits: Stamped(CoachControls(locked: .full), at: Instant(seconds: 5)))])
        try log.answer(central, asked: asked)
        #expect(try log.isAnswered(Self.worker, asked: asked))
        #expect(try log.wantedWorkers().isEmpty)
        #expect(try log.storedProfile(of: Self.worker).skills.first?.controls.locked == .full)
    }

    @Test func anErasureForgetsWhatWaits() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("q.sqlite"))
        try log.append([], skills: [Self.skill(["a": StepSkill(level: .full, runs: 1)])])
        _ = try log.askCentral(for: Self.worker)
        _ = try log.apply([Tombstone(worker: Self.worker, erasedAt: Instant(seconds: 2_000_000_000))])
        #expect(try log.waitingWorkerStates(limit: 10).isEmpty)
        #expect(try log.wantedWorkers().isEmpty)
        #expect(try log.workerState(of: Self.worker) == WorkerState(worker: Self.worker))
    }

    /// A log from before the sync: what it holds is stamped when it was last saved and waits for
    /// the first uplink; limits other than the defaults count as a coach's, defaults as none.
    @Test func anOlderLogsSkillsAndPreferencesWaitForTheFirstUplink() throws {
        let scratch = try Scratch()
        let path = scratch.path("old.sqlite")
        let coached = WorkerSkill(
            worker: "w-1", instructionSet: Self.set, steps: ["a": StepSkill(level: .hint, runs: 3)],
            controls: CoachControls(floor: .location))
        let plain = WorkerSkill(worker: "w-2", instructionSet: Self.set, steps: ["a": StepSkill(level: .full, runs: 1)])
        let json = { (skill: WorkerSkill) in String(decoding: try JSONEncoder().encode(skill), as: UTF8.self) }
        let (coachedJSON, plainJSON) = (try json(coached), try json(plain))
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "\(OldLogTables.version2);")
            try db.execute(
                sql: """
                    INSERT INTO worker_skill (worker, instruction_set, json, updated_ns) VALUES
                        ('w-1', ?, ?, 5000000000), ('w-2', ?, ?, 6000000000);
                    INSERT INTO worker_preferences (worker, json, updated_ns) VALUES ('w-2', '{"highContrast":true,"textScale":1}', 7000000000);
                    """,
                arguments: [Self.set.rawValue, coachedJSON, Self.set.rawValue, plainJSON])
        }
        let log = try QualityLog(path: path)
        let first = try log.workerState(of: "w-1").sets[Self.set]
        #expect(first?.steps["a"]?.at == Instant(seconds: 5))
        #expect(first?.limits == Stamped(CoachControls(floor: .location), at: Instant(seconds: 5)))
        let second = try log.workerState(of: "w-2")
        #expect(second.sets[Self.set]?.limits == nil)
        #expect(second.preferences == Stamped(WorkerPreferences(highContrast: true), at: Instant(seconds: 7)))
        #expect(try log.waitingWorkerStateCount() == 3)
    }
}
