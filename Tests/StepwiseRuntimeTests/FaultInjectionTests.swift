import Foundation
import Glibc
import StepwiseCore
import StepwiseLog
import StepwiseRuntime
import Testing

/// Faults injected into the real `stepwised` process while it replays cycles: nothing committed
/// to the log is lost, each fault is reported (a `fault` record) and recovers (`fault-cleared`),
/// and the process neither crashes nor claims what it did not do. Every wait polls with a
/// deadline; none is an assertion by itself.
@Suite(.serialized) struct FaultInjectionTests {
    // MARK: - kill -9

    @Test func killNineDuringCyclesKeepsEveryCommittedRecordAndAnIntactLog() throws {
        let station = try FaultStation()
        var committed: [QualityRecord] = []
        for round in 1...3 {
            let daemon = try station.start()
            let enough = committed.count + 15
            #expect(eventually { station.records().count >= enough }, "round \(round): records keep coming")
            committed = station.records()
            kill(daemon.pid, SIGKILL)
            daemon.waitForExit()
            #expect(daemon.exitSignal == SIGKILL)
            let log = try QualityLog(path: station.db)
            #expect(try log.integrityCheck() == "ok")
            let kept = Set(try log.records())
            #expect(committed.allSatisfy { kept.contains($0) }, "round \(round): a committed record was lost")
        }
    }

    // MARK: - The disk

    /// A full disk, simulated with RLIMIT_FSIZE set on the running process (every write to a file
    /// fails with EFBIG; the daemon is started with SIGXFSZ ignored, as a full disk sends no
    /// signal), then freed: the records made meanwhile wait in memory and all reach the log.
    @Test func diskFullThenFreedLosesNothingAndClearsTheFault() throws {
        let station = try FaultStation()
        let daemon = try station.start()
        #expect(eventually { station.records().count >= 10 })
        let before = station.records()
        #expect(daemon.limitFileSize(to: 0))
        #expect(eventually { daemon.output.contains("cannot be written") }, "the full disk is reported")
        let echoedWhileFull = daemon.output.count
        #expect(eventually { daemon.output.count > echoedWhileFull + 200 }, "the station goes on working")
        #expect(daemon.limitFileSize(to: nil))
        #expect(eventually { station.records().contains { $0.kind == .faultCleared && $0.detail == "quality-log" } })
        let stop = daemon.stop()
        #expect(stop.status == 0, "\(daemon.errors)")
        #expect(stop.errors.contains("quality log flushed"))
        let stored = station.records()
        #expect(Set(before).isSubset(of: Set(stored)))
        #expect(stored.contains { $0.kind == .fault && $0.detail?.contains("cannot be written") == true })
        #expect(
            daemon.echoedRecords().subtracting(stored.map(RecordFormat.textLine)).isEmpty,
            "every record echoed is in the log")
    }

    /// Still full at stop: the daemon says how many records were not written and exits non-zero.
    @Test func diskStillFullAtStopSaysWhatWasNotWrittenAndFails() throws {
        let station = try FaultStation()
        let daemon = try station.start()
        #expect(eventually { station.records().count >= 5 })
        #expect(daemon.limitFileSize(to: 0))
        #expect(eventually { daemon.output.contains("cannot be written") })
        let stop = daemon.stop()
        #expect(stop.status != 0)
        #expect(stop.errors.contains("records not written"))
        #expect(!stop.errors.contains("quality log flushed"))
    }

    /// With `--spill`, what the unusable log cannot take at stop goes to the spill folder; the
    /// next start imports it and removes the spill file.
    @Test func logUnusableAtStopSpillsAndTheNextStartImports() throws {
        let station = try FaultStation(logFolder: "db")
        let spill = station.dir.appendingPathComponent("spill").path
        try FileManager.default.createDirectory(atPath: spill, withIntermediateDirectories: true)
        let first = try station.start(extra: ["--spill", spill])
        #expect(eventually { station.records().count >= 5 })
        try station.breakLogFolder()
        #expect(
            eventually {
                first.output.contains("moved, deleted or replaced") || first.output.contains("cannot be written")
            })
        let echoed = first.echoedRecords()
        let stop = first.stop()
        #expect(stop.status == 0, "\(stop.errors)")
        #expect(stop.errors.contains("imported into the log at the next start"))
        let spillFile = SpillFile(directory: spill, logPath: station.db).path
        #expect(FileManager.default.fileExists(atPath: spillFile))
        try station.repairLogFolder()
        let second = try station.start(extra: ["--spill", spill])
        #expect(eventually { !FileManager.default.fileExists(atPath: spillFile) }, "the spill is imported")
        #expect(second.stop().status == 0)
        let stored = Set(station.records().map(RecordFormat.textLine))
        #expect(echoed.subtracting(stored).isEmpty, "every record of the first run is in the log")
    }

    /// The log's folder missing at start: the station starts, shows the fault, and writes what it
    /// kept once the folder is there.
    @Test func logFolderMissingAtStartIsAFaultNotAFailedStart() throws {
        let station = try FaultStation(logFolder: "not-yet", createLogFolder: false)
        // The badge table elsewhere, so the worker signs in (a missing table is a fault of its own).
        let daemon = try station.start(extra: ["--pseudonyms", station.dir.appendingPathComponent("p.sqlite").path])
        #expect(eventually { daemon.errors.contains("stepwised running") }, "\(daemon.errors)")
        #expect(
            eventually { daemon.output.contains("cannot be written") || daemon.output.contains("cannot open the log") })
        #expect(eventually { daemon.output.count > 2_000 }, "the station works meanwhile")
        try FileManager.default.createDirectory(
            atPath: (station.db as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(eventually { station.records().contains { $0.kind == .faultCleared } })
        let stop = daemon.stop()
        #expect(stop.status == 0, "\(stop.errors)")
        let stored = Set(station.records().map(RecordFormat.textLine))
        #expect(daemon.echoedRecords().subtracting(stored).isEmpty)
    }

    /// A disk already full at start (RLIMIT_FSIZE 0 from the first instruction): no log can be
    /// created, yet the station starts and reports it; freed, the log is created with every record.
    @Test func diskFullAtStartIsAFaultNotAFailedStart() throws {
        let station = try FaultStation()
        // The worker's badge known beforehand: signing in then writes nothing to the badge table.
        let pseudonyms = station.dir.appendingPathComponent("p.sqlite").path
        _ = try PseudonymRegistry(path: pseudonyms).pseudonym(forBadge: "FAULT-0001")
        let daemon = try station.start(extra: ["--pseudonyms", pseudonyms], fileSizeLimit: 0)
        #expect(eventually { daemon.errors.contains("stepwised running") }, "\(daemon.errors)")
        #expect(eventually { daemon.output.contains("cannot be written") })
        #expect(eventually { daemon.output.count > 2_000 }, "the station works meanwhile")
        #expect(daemon.limitFileSize(to: nil))
        #expect(eventually { station.records().contains { $0.kind == .faultCleared && $0.detail == "quality-log" } })
        let stop = daemon.stop()
        #expect(stop.status == 0, "\(stop.errors)")
        let stored = Set(station.records().map(RecordFormat.textLine))
        #expect(daemon.echoedRecords().subtracting(stored).isEmpty)
    }

    /// The log's folder removed while running: a fault; a new folder gets a new log with every
    /// record made since.
    @Test func logFolderRemovedIsReportedAndRecovers() throws {
        let station = try FaultStation(logFolder: "db")
        let daemon = try station.start()
        #expect(eventually { station.records().count >= 5 })
        let folder = (station.db as NSString).deletingLastPathComponent
        try FileManager.default.removeItem(atPath: folder)
        #expect(eventually { daemon.output.contains("moved, deleted or replaced") })
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(eventually { station.records().contains { $0.kind == .faultCleared } })
        let stop = daemon.stop()
        #expect(stop.status == 0, "\(stop.errors)")
        #expect(station.records().contains { $0.kind == .fault && $0.detail?.contains("moved, deleted") == true })
    }

    // MARK: - The projector

    /// The framebuffer file truncated (SIGBUS before) and then deleted under the running daemon:
    /// each is a projector fault, cleared when the file is there again.
    @Test func framebufferFileTruncatedOrRemovedIsAFaultThatClears() throws {
        let station = try FaultStation()
        let daemon = try station.start()
        let framebuffer = station.dir.appendingPathComponent("out/framebuffer.raw").path
        #expect(eventually { station.records().count >= 5 })
        #expect(truncate(framebuffer, 0) == 0)
        #expect(eventually { station.projectorFaults().cleared >= 1 }, "\(daemon.errors)")
        #expect(station.projectorFaults().raised >= 1)
        #expect(unlink(framebuffer) == 0)
        #expect(eventually { station.projectorFaults().cleared >= 2 }, "\(daemon.errors)")
        #expect(daemon.isRunning)
        #expect(FileManager.default.fileExists(atPath: framebuffer))
        #expect(daemon.stop().status == 0)
    }

    // MARK: - Signals and a second daemon

    @Test func aStormOfHangupsKeepsTheStationRecording() throws {
        let station = try FaultStation()
        let daemon = try station.start()
        #expect(eventually { station.records().count >= 5 })
        for _ in 0..<100 {
            kill(daemon.pid, SIGHUP)
            usleep(10_000)
        }
        #expect(daemon.isRunning)
        let afterStorm = station.records().count
        #expect(eventually { station.records().count >= afterStorm + 10 }, "still recording after 100 SIGHUPs")
        #expect(daemon.stop().status == 0)
    }

    /// Two daemons on one log: the second must refuse to start (non-zero exit) and the first's
    /// records stay intact. The exclusive lock per log is what makes the second exit; until it is
    /// in, the second runs and this test fails, as it should.
    @Test func aSecondDaemonOnTheSameLogExitsAndTheFirstsRecordsStayIntact() throws {
        let station = try FaultStation()
        let first = try station.start()
        #expect(eventually { station.records().count >= 5 })
        let second = try station.start()
        let exited = eventually(seconds: 20) { !second.isRunning }
        if !exited { _ = second.stop() }
        #expect(exited, "the second daemon kept running on the same log")
        #expect(second.exitStatus != 0)
        #expect(first.isRunning)
        let committed = station.records()
        #expect(eventually { station.records().count >= committed.count + 5 }, "the first goes on recording")
        #expect(first.stop().status == 0)
        let log = try QualityLog(path: station.db)
        #expect(try log.integrityCheck() == "ok")
        #expect(Set(committed).isSubset(of: Set(try log.records())))
    }
}

/// Polls `condition` every 50 ms until it holds or `seconds` pass; true if it held.
func eventually(seconds: Double = 45, _ condition: () -> Bool) -> Bool {
    let deadline = Date(timeIntervalSinceNow: seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(50_000)
    }
    return condition()
}
