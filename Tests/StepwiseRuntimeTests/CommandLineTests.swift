import StepwiseTestSupport
import Foundation
import StepwiseCore
import StepwiseRuntime
import Testing

/// The `stepwise` tool as a user runs it: exit codes and output.
@Suite struct CommandLineTests {
    static let binary = Repository.path(".build/debug/stepwise")

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func stepwise(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = Repository.root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func validateAcceptsTheShippedFiles() throws {
        let result = try Self.stepwise(["validate", "WorkInstructions", "Devices"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("ok: 2 instruction sets, 2 cells"))
    }

    @Test func validateLocatesAMisspeltKeyAndExitsNonZero() throws {
        let dir = try Repository.scratch()
        let file = dir.appendingPathComponent("set.yaml")
        var text = try String(contentsOfFile: Repository.path("WorkInstructions/car-seat.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "pictures/", with: Repository.path("WorkInstructions/pictures") + "/")
        text = text.replacingOccurrences(of: "done-when: fixture.shell", with: "done-wen: fixture.shell")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try Self.stepwise(["validate", file.path])
        #expect(result.status == 1)
        let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("done-wen") })
        #expect(line.hasPrefix("\(file.path):"))
        #expect(line.contains("error: unknown key 'done-wen'"))
        #expect(line.contains("did you mean 'done-when'"))
    }

    @Test func simulatePrintsJSONRecordsWithPseudonymsOnly() throws {
        let result = try Self.stepwise([
            "simulate", "WorkInstructions/led-streetlight.yaml", "--cell", "Devices/demo-cell.yaml",
            "--trace", "WorkInstructions/traces/led-streetlight-40w.trace", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.allSatisfy { $0 != nil })
        let kinds = objects.compactMap { $0?["kind"] as? String }
        #expect(kinds.filter { $0 == "cycle-done" }.count == 5, "the trace has five cycles")
        #expect(kinds.contains("wrong-action"))
        #expect(kinds.contains("level-changed"), "clean cycles fade guidance")
        #expect(!result.stdout.contains("DEMO-0001"), "the badge id never reaches the output")
    }

    @Test func simulateIsDeterministic() throws {
        let arguments = [
            "simulate", "WorkInstructions/car-seat.yaml", "--cell", "Devices/demo-cell.yaml",
            "--trace", "WorkInstructions/traces/car-seat.trace", "--json",
        ]
        let first = try Self.stepwise(arguments), second = try Self.stepwise(arguments)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        #expect(!first.stdout.isEmpty)
    }

    @Test func aBrokenTraceIsLocated() throws {
        let dir = try Repository.scratch()
        let trace = dir.appendingPathComponent("bad.trace")
        try "0.0 badge 1\nsoon bin-1.pick\n".write(to: trace, atomically: true, encoding: .utf8)
        let result = try Self.stepwise([
            "simulate", "WorkInstructions/car-seat.yaml", "--cell", "Devices/demo-cell.yaml", "--trace", trace.path,
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("bad.trace:2:1: error:"))
    }

    @Test func devicesListsTheDemoCell() throws {
        let result = try Self.stepwise(["devices", "--cell", "Devices/demo-cell.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("bin-1.pick"))
        #expect(result.stdout.contains("simulated"))
    }
}
