import Foundation
import StepwiseTestSupport
import StepwiseCore
import StepwiseLog
import StepwiseRuntime
import Testing

/// One `stepwised` per quality log and per cell: a second one is refused with a message naming the
/// running one's pid, and the first goes on alone. The lock dies with its process, kill -9 included.
@Suite(.serialized) struct LogLockTests {
    /// `STEPWISED` runs these against another build (an installed one, or an older one to compare).
    static let binary = ProcessInfo.processInfo.environment["STEPWISED"] ?? Repository.path(".build/debug/stepwised")

    struct Running {
        var process: Process
        var stderr: Pipe
        var stdout: Pipe
    }

    /// A scratch copy of the demo cell and the shipped sets, and one full-cycle trace per set.
    func scratch(_ name: String = #function) throws -> (dir: URL, sets: [InstructionSetID], traces: [String]) {
        let dir = try Repository.scratch(name)
        for folder in ["Devices", "WorkInstructions"] {
            try FileManager.default.copyItem(
                atPath: Repository.path(folder), toPath: dir.appendingPathComponent(folder).path)
        }
        let definitions = try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get()
        var traces: [String] = []
        for (index, set) in definitions.instructionSets.prefix(2).enumerated() {
            let trace = dir.appendingPathComponent("cycle-\(index).trace")
            try Activations.cycleTrace(set: set, variant: set.variants.first?.id, badge: "BADGE-\(index)")
                .write(to: trace, atomically: true, encoding: .utf8)
            traces.append(trace.path)
        }
        return (dir, definitions.instructionSets.prefix(2).map(\.id), traces)
    }

    func start(_ dir: URL, db: String = "q.sqlite", extra: [String]) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments =
            [
                "--cell", dir.appendingPathComponent("Devices/demo-cell.yaml").path,
                "--db", dir.appendingPathComponent(db).path, "--no-console", "--no-watch",
            ] + extra
        let (stderr, stdout) = (Pipe(), Pipe())
        process.standardError = stderr
        process.standardOutput = stdout
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // A daemon that never says what a test waits for is stopped, so the test fails instead of hanging.
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if process.isRunning { process.terminate() } }
        return Running(process: process, stderr: stderr, stdout: stdout)
    }

    /// Reads `pipe` until `marker` appears or it ends; returns what was read.
    func read(_ pipe: Pipe, until marker: String) -> String { pipe.read(until: marker) }

    @Test func aSecondDaemonOnTheSameLogIsRefusedAndTheFirstGoesOn() throws {
        let (dir, sets, traces) = try scratch()
        let first = try start(dir, extra: ["--replay", traces[0], "--speed", "50"])
        _ = read(first.stdout, until: "cycle-done")
        let second = try start(dir, extra: ["--replay", traces[1], "--speed", "50", "--exit-after-replay"])
        second.process.waitUntilExit()
        let said = read(second.stderr, until: "\n")
        #expect(second.process.terminationStatus != 0)
        #expect(
            said.contains("another stepwised (pid \(first.process.processIdentifier)) is using the quality log"),
            "\(said)")
        #expect(first.process.isRunning)
        first.process.terminate()
        first.process.waitUntilExit()
        #expect(first.process.terminationStatus == 0)
        let records = try QualityLog(path: dir.appendingPathComponent("q.sqlite").path).records()
        #expect(records.contains { $0.kind == .cycleDone && $0.instructionSet == sets[0] })
        #expect(!records.contains { $0.instructionSet == sets[1] }, "nothing of the refused daemon's replay")
    }

    @Test func aSecondDaemonOnTheSameCellIsRefused() throws {
        let (dir, _, _) = try scratch()
        let first = try start(dir, extra: [])
        _ = read(first.stderr, until: "stepwised running")
        let second = try start(dir, db: "other.sqlite", extra: [])
        second.process.waitUntilExit()
        let said = read(second.stderr, until: "\n")
        #expect(second.process.terminationStatus != 0)
        #expect(
            said.contains("another stepwised (pid \(first.process.processIdentifier)) is using cell demo-cell"),
            "\(said)")
        #expect(first.process.isRunning)
        first.process.terminate()
        first.process.waitUntilExit()
    }

    @Test func aKilledDaemonLeavesNoLockBehind() throws {
        let (dir, _, _) = try scratch()
        let first = try start(dir, extra: [])
        _ = read(first.stderr, until: "stepwised running")
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        let next = try start(dir, extra: [])
        let said = read(next.stderr, until: "stepwised running")
        #expect(said.contains("stepwised running"), "\(said)")
        next.process.terminate()
        next.process.waitUntilExit()
        #expect(next.process.terminationStatus == 0)
    }
}
