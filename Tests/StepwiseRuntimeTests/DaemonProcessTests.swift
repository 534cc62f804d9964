import Foundation
import StepwiseTestSupport
import StepwiseCore
import StepwiseLog
import StepwiseRuntime
import Testing

/// The built `stepwised` binary, run as a process: replay in, framebuffer file, PNG mirror and
/// quality log out; SIGHUP with a broken file keeps the last good sets; SIGTERM stops cleanly.
@Suite(.serialized) struct DaemonProcessTests {
    static let binary = Repository.path(".build/debug/stepwised")

    struct Run {
        var dir: URL
        var process: Process
        var stderr: Pipe
        var stdout: Pipe?
        var db: String { dir.appendingPathComponent("q.sqlite").path }
        var mirror: String { dir.appendingPathComponent("projector.png").path }
    }

    /// Starts the daemon on a scratch copy of the demo cell and the shipped sets.
    func start(
        extra: [String], prepare: (URL) throws -> Void = { _ in }, captureOutput: Bool = false, name: String = #function
    ) throws -> Run {
        let dir = try Repository.scratch(name)
        for folder in ["Devices", "WorkInstructions"] {
            try FileManager.default.copyItem(
                atPath: Repository.path(folder), toPath: dir.appendingPathComponent(folder).path)
        }
        try prepare(dir)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments =
            [
                "--cell", dir.appendingPathComponent("Devices/demo-cell.yaml").path,
                "--db", dir.appendingPathComponent("q.sqlite").path,
                "--mirror", dir.appendingPathComponent("projector.png").path, "--no-console",
            ] + extra
        let stderr = Pipe()
        process.standardError = stderr
        let stdout = captureOutput ? Pipe() : nil
        process.standardOutput = stdout ?? FileHandle.nullDevice
        try process.run()
        // A daemon that never says what a test waits for is stopped, so the test fails instead of hanging.
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if process.isRunning { process.terminate() } }
        return Run(dir: dir, process: process, stderr: stderr, stdout: stdout)
    }

    /// Reads standard error (or output) until `marker` appears (or the process ends); returns what was read.
    func read(_ run: Run, until marker: String, output: Bool = false) -> String {
        (output ? (run.stdout ?? run.stderr) : run.stderr).read(until: marker)
    }

    @Test func replayedCycleIsLoggedAndMirrored() throws {
        let definitions = try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get()
        let set = definitions.instructionSets[0]
        let dir = try Repository.scratch()
        let trace = dir.appendingPathComponent("cycle.trace")
        try Activations.cycleTrace(set: set, variant: set.variants.first?.id, badge: "BADGE-0042")
            .write(to: trace, atomically: true, encoding: .utf8)
        let run = try start(extra: ["--replay", trace.path, "--speed", "50", "--exit-after-replay"])
        run.process.waitUntilExit()
        #expect(run.process.terminationStatus == 0)
        let records = try QualityLog(path: run.db).records()
        #expect(records.contains { $0.kind == .cycleDone })
        #expect(records.allSatisfy { $0.worker?.rawValue.contains("BADGE") != true }, "badge ids never reach the log")
        #expect(FileManager.default.fileExists(atPath: run.mirror))
        let report = try CommandLineTests.stepwise(["report", "--db", run.db, "--json"])
        #expect(report.status == 0, "\(report.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any]
        #expect((json?["perWorker"] as? [Any])?.count == 1)
        // The whole badge id: "0042" alone also turns up inside durations and random pseudonyms.
        #expect(!report.stdout.contains("BADGE-0042"))
    }

    @Test func reloadWithABrokenSetKeepsRunningThenStopsCleanly() throws {
        let run = try start(extra: ["--no-watch"])
        _ = read(run, until: "stepwised running")
        let file = run.dir.appendingPathComponent("WorkInstructions/car-seat.yaml")
        try "id: [unclosed\n".write(to: file, atomically: true, encoding: .utf8)
        kill(run.process.processIdentifier, SIGHUP)
        let said = read(run, until: "reload refused")
        #expect(said.contains("reload refused"))
        #expect(said.contains("car-seat.yaml:"))
        #expect(run.process.isRunning)
        kill(run.process.processIdentifier, SIGTERM)
        run.process.waitUntilExit()
        #expect(run.process.terminationStatus == 0)
    }

    @Test func savingAFileReloadsWithoutASignal() throws {
        let run = try start(extra: [])
        _ = read(run, until: "stepwised running")
        let file = run.dir.appendingPathComponent("WorkInstructions/car-seat.yaml")
        let good = try String(contentsOf: file, encoding: .utf8)
        try good.replacingOccurrences(of: "target-seconds: 6", with: "target-seconds: -6")
            .write(to: file, atomically: true, encoding: .utf8)
        let refused = read(run, until: "reload refused")
        #expect(refused.contains("car-seat.yaml:"))
        try good.write(to: file, atomically: true, encoding: .utf8)
        let accepted = read(run, until: "reloaded:")
        #expect(accepted.contains("reloaded: "))
        kill(run.process.processIdentifier, SIGTERM)
        run.process.waitUntilExit()
        #expect(run.process.terminationStatus == 0)
    }

    @Test func aProjectorThatAppearsLaterIsPickedUp() throws {
        // The demo cell's framebuffer file lives in ../out, which the scratch copy lacks at start.
        let run = try start(extra: ["--no-watch"], captureOutput: true)
        let before = read(run, until: " fault ", output: true)
        #expect(before.contains("framebuffer.raw"))
        try FileManager.default.createDirectory(
            at: run.dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        let after = read(run, until: "fault-cleared", output: true)
        #expect(after.contains("fault-cleared"))
        kill(run.process.processIdentifier, SIGTERM)
        run.process.waitUntilExit()
        #expect(run.process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: run.dir.appendingPathComponent("out/framebuffer.raw").path))
    }

    @Test func aReplayNamingWhatTheCellLacksIsRefusedAtItsLine() throws {
        let dir = try Repository.scratch()
        let trace = dir.appendingPathComponent("unknown.trace")
        try "0 badge 1\n1 scan LSL-40\n2  bin-7.pick\n".write(to: trace, atomically: true, encoding: .utf8)
        let run = try start(extra: ["--replay", trace.path, "--exit-after-replay"])
        let said = read(run, until: "expected")
        run.process.waitUntilExit()
        #expect(run.process.terminationStatus != 0)
        #expect(said.contains("\(trace.path):3:4: error: "), "\(said)")
        #expect(said.contains("unknown input 'bin-7.pick'"), "\(said)")
    }

    @Test func aBrokenCellAtStartIsExplainedNotCrashed() throws {
        let run = try start(
            extra: [],
            prepare: { dir in
                try "id: demo\nprojector: {width: -1\n".write(
                    to: dir.appendingPathComponent("Devices/demo-cell.yaml"), atomically: true, encoding: .utf8)
            })
        let said = read(run, until: "not started")
        run.process.waitUntilExit()
        #expect(run.process.terminationStatus == 1)
        #expect(said.contains("demo-cell.yaml:"))
        #expect(said.contains("error:"))
    }
}
