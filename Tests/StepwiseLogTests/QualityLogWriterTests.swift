import Foundation
import Glibc
import StepwiseCore
import Testing
@testable import StepwiseLog

@Suite struct QualityLogWriterTests {
    static let quickRetry = RetryPolicy(first: 0.01, longest: 0.05)

    @Test func recordsSubmittedFromAnotherThreadArriveInOrder() throws {
        let scratch = try Scratch()
        let path = scratch.path("log.sqlite")
        let faults = FaultRecorder()
        let writer = QualityLogWriter(path: path, batchSize: 7, onFault: faults.callback)
        let done = DispatchSemaphore(value: 0)
        Thread {
            for index in 0..<50 { writer.submit(records: [Sample.step(index)]) }
            done.signal()
        }.start()
        done.wait()
        writer.flush()
        #expect(try QualityLog(path: path).records() == (0..<50).map { Sample.step($0) })
        writer.close()
        #expect(faults.all.isEmpty)
    }

    @Test func skillIsWrittenWithTheRecords() throws {
        let scratch = try Scratch()
        let path = scratch.path("log.sqlite")
        let writer = QualityLogWriter(path: path, onFault: { _ in })
        writer.submit(records: [Sample.step(1)], skill: Sample.skill(cycles: 1))
        writer.submit(records: [Sample.step(2)], skill: Sample.skill(cycles: 2))
        writer.close()
        let log = try QualityLog(path: path)
        #expect(try log.records().count == 2)
        #expect(try log.loadSkill(worker: "w-00a1b2", instructionSet: Sample.set)?.cycles == 2)
    }

    @Test func writerThroughAnOpenLogWritesToIt() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("log.sqlite"))
        let writer = QualityLogWriter(log: log, onFault: { _ in })
        writer.submit([Sample.step(1), Sample.step(2)])
        writer.flush()
        #expect(try log.records() == [Sample.step(1), Sample.step(2)])
        writer.close()
    }

    @Test func missingDirectoryFaultsThenRecoversWithoutLoss() throws {
        let scratch = try Scratch()
        let directory = scratch.path("not-yet")
        let path = directory + "/log.sqlite"
        let faults = FaultRecorder()
        let writer = QualityLogWriter(path: path, retry: Self.quickRetry, onFault: faults.callback)
        writer.submit(records: (0..<3).map { Sample.step($0) })
        #expect(faults.wait(forCount: 1))
        #expect(faults.all.first??.contains(path) == true)
        #expect(writer.isFailing)
        writer.submit(records: (3..<5).map { Sample.step($0) })
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        writer.retryNow()
        #expect(faults.wait(forCount: 2))
        writer.flush()
        writer.close()
        #expect(faults.all.count == 2)
        #expect(faults.all.last! == nil)
        #expect(try QualityLog(path: path).records() == (0..<5).map { Sample.step($0) })
    }

    /// The log's directory is moved away and a plain file put in its place: a failure even for
    /// root. Putting the directory back heals it, and the queued records land after the others.
    @Test func directoryReplacedByFileFaultsThenRecovers() throws {
        let scratch = try Scratch()
        let directory = scratch.path("db")
        let aside = scratch.path("db-aside")
        let path = directory + "/log.sqlite"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let faults = FaultRecorder()
        let writer = QualityLogWriter(path: path, retry: Self.quickRetry, onFault: faults.callback)
        writer.submit(records: (0..<3).map { Sample.step($0) })
        writer.flush()
        try FileManager.default.moveItem(atPath: directory, toPath: aside)
        #expect(FileManager.default.createFile(atPath: directory, contents: Data("not a directory".utf8)))
        writer.submit(records: (3..<6).map { Sample.step($0) })
        #expect(faults.wait(forCount: 1))
        #expect(faults.all.first??.contains("cannot be written") == true)
        try FileManager.default.removeItem(atPath: directory)
        try FileManager.default.moveItem(atPath: aside, toPath: directory)
        writer.retryNow()
        #expect(faults.wait(forCount: 2))
        writer.close()
        #expect(faults.all.last! == nil)
        #expect(try QualityLog(path: path).records() == (0..<6).map { Sample.step($0) })
        #expect(writer.droppedRecords == 0)
    }

    @Test func closeWhileFailingGivesUpAndReports() throws {
        let scratch = try Scratch()
        let faults = FaultRecorder()
        let writer = QualityLogWriter(
            path: scratch.path("absent/log.sqlite"), retry: Self.quickRetry, onFault: faults.callback)
        writer.submit(records: [Sample.step(1), Sample.step(2)])
        #expect(faults.wait(forCount: 1))
        writer.close()
        #expect(writer.droppedRecords == 2)
        #expect(faults.all.last??.contains("2 records were not written") == true)
    }

    @Test func submitAfterCloseIsCountedAsDropped() throws {
        let scratch = try Scratch()
        let writer = QualityLogWriter(path: scratch.path("log.sqlite"), onFault: { _ in })
        writer.close()
        writer.submit(records: [Sample.step(1)])
        #expect(writer.droppedRecords == 1)
    }

    // MARK: - A log still failing at stop, or already at start

    /// At stop on a failing disk nothing may be claimed flushed: the outcome counts what was lost.
    @Test func closeWhileFailingWithoutSpillSaysHowManyRecordsWereNotWritten() throws {
        let scratch = try Scratch()
        let writer = QualityLogWriter(
            path: scratch.path("absent/log.sqlite"), retry: Self.quickRetry, onFault: { _ in })
        writer.submit(records: (0..<3).map { Sample.step($0) })
        let outcome = writer.close()
        #expect(outcome.notWritten == 3)
        #expect(!outcome.isComplete)
        #expect(outcome.summary.contains("3 records not written"))
        #expect(!outcome.summary.contains("flushed"))
    }

    @Test func closeWhenEverythingIsWrittenSaysFlushed() throws {
        let scratch = try Scratch()
        let writer = QualityLogWriter(path: scratch.path("log.sqlite"), onFault: { _ in })
        writer.submit(records: [Sample.step(1)])
        let outcome = writer.close()
        #expect(outcome == WriterCloseOutcome(notWritten: 0, spilled: 0, spillPath: nil))
        #expect(outcome.summary == "quality log flushed")
    }

    /// What the failing log cannot take at stop goes to the spill file; the next writer on the
    /// log imports it before its own records, with the skill, and removes the file.
    @Test func closeWhileFailingSpillsAndTheNextWriterImports() throws {
        let scratch = try Scratch()
        let directory = scratch.path("db")
        let path = directory + "/log.sqlite"
        let spill = SpillFile(directory: scratch.path(""), logPath: path)
        let faults = FaultRecorder()
        let first = QualityLogWriter(path: path, retry: Self.quickRetry, spill: spill, onFault: faults.callback)
        first.submit(records: (0..<3).map { Sample.step($0) }, skill: Sample.skill(cycles: 4))
        #expect(faults.wait(forCount: 1))
        let outcome = first.close()
        #expect(outcome == WriterCloseOutcome(notWritten: 0, spilled: 3, spillPath: spill.path))
        #expect(outcome.isComplete)
        #expect(outcome.summary.contains(spill.path))
        #expect(faults.all.last??.contains("3 records kept") == true)
        #expect(FileManager.default.fileExists(atPath: spill.path))

        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let second = QualityLogWriter(path: path, spill: spill, onFault: { _ in })
        second.submit(records: [Sample.step(3)])
        #expect(second.close().isComplete)
        let log = try QualityLog(path: path)
        #expect(try log.records() == (0..<4).map { Sample.step($0) })
        #expect(try log.loadSkill(worker: "w-00a1b2", instructionSet: Sample.set)?.cycles == 4)
        #expect(second.importedRecords == 3)
        #expect(!FileManager.default.fileExists(atPath: spill.path))
    }

    /// A spill folder that cannot take the records either: they are counted as not written.
    @Test func aSpillThatFailsTooCountsTheRecordsAsNotWritten() throws {
        let scratch = try Scratch()
        let spill = SpillFile(directory: scratch.path("no-such-folder"), logPath: "log.sqlite")
        let writer = QualityLogWriter(
            path: scratch.path("absent/log.sqlite"), retry: Self.quickRetry, spill: spill, onFault: { _ in })
        writer.submit(records: [Sample.step(1), Sample.step(2)])
        let outcome = writer.close()
        #expect(outcome.notWritten == 2)
        #expect(outcome.spilled == 0)
        #expect(outcome.summary.contains("2 records not written"))
    }

    /// A line torn by a crash while spilling is left out; the others are imported.
    @Test func aTornSpillLineIsSkipped() throws {
        let scratch = try Scratch()
        let path = scratch.path("log.sqlite")
        let spill = SpillFile(directory: scratch.path(""), logPath: path)
        try spill.append(records: [Sample.full(), Sample.step(1)], skills: [])
        let handle = try #require(FileHandle(forWritingAtPath: spill.path))
        handle.seekToEndOfFile()
        handle.write(Data("{\"record\":{\"at\":".utf8))
        handle.closeFile()
        let contents = try #require(try spill.read())
        #expect(contents.records == [Sample.full(), Sample.step(1)])
        #expect(contents.unreadableLines == 1)
        let writer = QualityLogWriter(path: path, spill: spill, onFault: { _ in })
        writer.close()
        #expect(try QualityLog(path: path).records().count == 2)
    }

    /// A log unusable at start is a fault at once, before any record, and heals by itself.
    @Test func aLogUnusableAtStartIsAFaultAtOnceAndHeals() throws {
        let scratch = try Scratch()
        let directory = scratch.path("later")
        let path = directory + "/log.sqlite"
        let faults = FaultRecorder()
        let writer = QualityLogWriter(path: path, retry: Self.quickRetry, onFault: faults.callback)
        #expect(faults.wait(forCount: 1, seconds: 10))
        #expect(faults.all.first??.contains(path) == true)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        #expect(faults.wait(forCount: 2))
        #expect(faults.all.last! == nil)
        writer.submit(records: [Sample.step(1)])
        #expect(writer.close().isComplete)
        #expect(try QualityLog(path: path).records() == [Sample.step(1)])
    }

    /// A FIFO where the spill file should be is refused, not read: reading it would block the writer.
    @Test func aFIFOInPlaceOfTheSpillIsRefused() throws {
        let scratch = try Scratch()
        let spill = SpillFile(directory: scratch.path(""), logPath: "log.sqlite")
        #expect(mkfifo(spill.path, 0o600) == 0)
        #expect(throws: LogError.self) { try spill.read() }
        #expect(throws: LogError.self) { try spill.append(records: [Sample.step(1)], skills: []) }
    }
}
