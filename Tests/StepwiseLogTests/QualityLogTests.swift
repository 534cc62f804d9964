import Foundation
import StepwiseCore
import Testing
@testable import StepwiseLog

@Suite struct QualityLogTests {
    @Test func recordWithEveryFieldRoundTrips() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("log.sqlite"))
        let record = Sample.full()
        try log.append([record])
        #expect(try log.records() == [record])
    }

    @Test func recordWithOnlyRequiredFieldsRoundTrips() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("log.sqlite"))
        let record = QualityRecord(at: Instant(nanoseconds: 5), kind: .fault, cell: "c", detail: "usb gone")
        try log.append([record])
        #expect(try log.records() == [record])
    }

    @Test func everyKindSurvivesTheDatabase() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("log.sqlite"))
        let records = QualityRecord.Kind.allCases.enumerated().map { index, kind in
            QualityRecord(at: Instant(nanoseconds: UInt64(index)), kind: kind, cell: "c")
        }
        try log.append(records)
        #expect(try log.records().map(\.kind) == QualityRecord.Kind.allCases)
    }

    @Test func logIsInWALModeAndSurvivesReopening() throws {
        let scratch = try Scratch()
        let path = scratch.path("log.sqlite")
        try QualityLog(path: path).append([Sample.step(1)])
        let reopened = try QualityLog(path: path)
        #expect(try reopened.journalMode() == "wal")
        #expect(try reopened.records() == [Sample.step(1)])
    }

    @Test func recordsAreFilteredByPeriodWorkerAndLimit() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("log.sqlite"))
        let records = (0..<10).map { Sample.step($0, worker: $0 % 2 == 0 ? "w-even00" : "w-odd000") }
        try log.append(records.reversed())
        let period = try log.records(from: Instant(seconds: 1_002), to: Instant(seconds: 1_006))
        #expect(period.map(\.durationSeconds) == [2, 3, 4, 5])
        #expect(try log.records(worker: "w-odd000").map(\.durationSeconds) == [1, 3, 5, 7, 9])
        #expect(try log.records(worker: "w-even00", limit: 2).map(\.durationSeconds) == [0, 2])
    }

    @Test func skillRoundTripsAndIsOverwritten() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("log.sqlite"))
        #expect(try log.loadSkill(worker: "w-00a1b2", instructionSet: Sample.set) == nil)
        try log.saveSkill(Sample.skill(cycles: 3))
        #expect(try log.loadSkill(worker: "w-00a1b2", instructionSet: Sample.set) == Sample.skill(cycles: 3))
        try log.saveSkill(Sample.skill(cycles: 4))
        #expect(try log.loadSkill(worker: "w-00a1b2", instructionSet: Sample.set) == Sample.skill(cycles: 4))
        #expect(try log.loadSkill(worker: "w-00a1b2", instructionSet: "car-seat") == nil)
    }

    @Test func theDaemonsSkillSavesKeepTheCoachsControls() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("log.sqlite"))
        try log.append([], skills: [Sample.skill(cycles: 3)])
        let coach = CoachControls(floor: .hint, ceiling: .full, locked: .full)
        try log.saveControls(coach, worker: "w-00a1b2", instructionSet: Sample.set)
        // The daemon still holds the controls from sign-in and saves what it learned.
        try log.append([Sample.step(1)], skills: [Sample.skill(cycles: 4)])
        let stored = try #require(try log.loadSkill(worker: "w-00a1b2", instructionSet: Sample.set))
        #expect(stored.controls == coach)
        #expect(stored.cycles == 4)
        #expect(stored.steps == Sample.skill().steps)
    }

    @Test func controlsForAWorkerWithoutSkillStartANewOne() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("log.sqlite"))
        let coach = CoachControls(floor: .hint)
        let stored = try log.saveControls(coach, worker: "w-new000", instructionSet: Sample.set)
        #expect(stored == WorkerSkill(worker: "w-new000", instructionSet: Sample.set, controls: coach))
        #expect(try log.loadSkill(worker: "w-new000", instructionSet: Sample.set) == stored)
    }

    @Test func erasureRemovesOnlyThatWorker() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("log.sqlite"))
        try log.append((0..<6).map { Sample.step($0, worker: $0 < 4 ? "w-gone00" : "w-stays0") })
        try log.saveSkill(Sample.skill("w-gone00"))
        try log.saveSkill(Sample.skill("w-stays0"))
        #expect(try log.eraseWorker("w-gone00") == 5)  // 4 records + 1 skill
        #expect(try log.records().map(\.worker) == ["w-stays0", "w-stays0"])
        #expect(try log.loadSkill(worker: "w-gone00", instructionSet: Sample.set) == nil)
        #expect(try log.loadSkill(worker: "w-stays0", instructionSet: Sample.set) != nil)
        #expect(try log.eraseWorker("w-gone00") == 0)
    }

    @Test func retentionDeletesOnlyOlderRecords() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("log.sqlite"))
        try log.append((0..<5).map { Sample.step($0) })
        try log.saveSkill(Sample.skill())
        #expect(try log.deleteRecords(before: Instant(seconds: 1_003)) == 3)
        #expect(try log.records().map(\.durationSeconds) == [3, 4])
        #expect(try log.loadSkill(worker: "w-00a1b2", instructionSet: Sample.set) != nil)
    }

    @Test func movedFileIsNoticed() throws {
        let scratch = try Scratch()
        let path = scratch.path("log.sqlite")
        let log = try QualityLog(path: path)
        try log.checkFileInPlace()
        try FileManager.default.moveItem(atPath: path, toPath: scratch.path("rotated.sqlite"))
        #expect(throws: LogError.fileMoved(path: path)) { try log.checkFileInPlace() }
    }

    @Test func missingDirectoryIsAnErrorThatNamesThePath() throws {
        let scratch = try Scratch()
        let path = scratch.path("absent/log.sqlite")
        #expect {
            try QualityLog(path: path)
        } throws: { error in
            guard case LogError.cannotOpen(let failed, _) = error else { return false }
            return failed == path && "\(error)".contains("expected")
        }
    }
}
