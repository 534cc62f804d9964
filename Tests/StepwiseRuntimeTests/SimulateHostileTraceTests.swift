import StepwiseTestSupport
import Foundation
import Testing

/// `stepwise simulate` with traces a user gets wrong or an attacker crafts: each is a located
/// error and a non-zero exit (or, for other line ends, the same records), never silence, a raw
/// system error or a process that blocks.
@Suite struct SimulateHostileTraceTests {
    static let shipped = Repository.path("WorkInstructions/traces/led-streetlight-40w.trace")

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `stepwise simulate` on `trace`; a run still going after 20 s is killed and reported
    /// as status -1 (a FIFO must not block it).
    static func simulate(_ trace: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = [
            "simulate", "WorkInstructions/led-streetlight.yaml", "--cell", "Devices/demo-cell.yaml", "--trace", trace,
        ]
        process.currentDirectoryURL = Repository.root
        let out = try Repository.scratch().appendingPathComponent("out")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        let err = Pipe()
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = err
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        guard done.wait(timeout: .now() + 20) == .success else {
            process.terminate()
            return Result(status: -1, stdout: "", stderr: "still running after 20 s")
        }
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        return Result(
            status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func write(_ bytes: [UInt8], _ name: String = #function) throws -> String {
        let file = try Repository.scratch(name).appendingPathComponent("t.trace")
        try Data(bytes).write(to: file)
        return file.path
    }

    static func write(_ text: String, _ name: String = #function) throws -> String { try write(Array(text.utf8), name) }

    /// The error line for `trace`, checked to be located at `line:column` and to say what is expected.
    static func expectError(_ result: Result, trace: String, at position: String, _ words: String) {
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(trace):\(position): error: "), "\(result.stderr)")
        #expect(result.stderr.contains(words), "\(result.stderr)")
        #expect(result.stderr.contains("expected"), "\(result.stderr)")
        #expect(!result.stderr.contains("Error Domain") && !result.stderr.contains("NSCocoa"), "\(result.stderr)")
    }

    @Test func anUnknownInputIsALocatedError() throws {
        let trace = try Self.write("0 badge 1\n1 scan LSL-40\n2 bin-1.pick\n3  bin-7.pick\n")
        Self.expectError(try Self.simulate(trace), trace: trace, at: "4:4", "unknown input 'bin-7.pick'")
    }

    @Test func selectingAMissingSetOrVariantIsALocatedError() throws {
        let set = try Self.write("0 badge 1\n1 select toaster\n", "set")
        Self.expectError(try Self.simulate(set), trace: set, at: "2:10", "unknown instruction set 'toaster'")
        let variant = try Self.write("0 badge 1\n1 select led-streetlight 99w\n", "variant")
        Self.expectError(try Self.simulate(variant), trace: variant, at: "2:26", "no variant '99w'")
    }

    @Test func scanningAnUnknownCodeIsALocatedError() throws {
        let trace = try Self.write("0 badge 1\n1 scan NOPE-1\n")
        Self.expectError(try Self.simulate(trace), trace: trace, at: "2:8", "unknown code 'NOPE-1'")
    }

    @Test func aTimeBeyondTheMaximumIsALocatedError() throws {
        let trace = try Self.write("0 badge 1\n18500000000 logout\n")
        Self.expectError(try Self.simulate(trace), trace: trace, at: "2:1", "too large")
    }

    /// CR-only (old Mac), CRLF (Windows) and a byte-order mark give exactly the LF records.
    @Test func everyLineEndGivesTheSameRecords() throws {
        let text = try String(contentsOfFile: Self.shipped, encoding: .utf8)
        let expected = try Self.simulate(Self.shipped)
        #expect(expected.status == 0 && expected.stdout.split(separator: "\n").count > 100)
        let variants = [
            ("cr", text.replacingOccurrences(of: "\n", with: "\r")),
            ("crlf", text.replacingOccurrences(of: "\n", with: "\r\n")),
            ("bom-crlf", "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")),
        ]
        for (name, variant) in variants {
            let result = try Self.simulate(try Self.write(variant, name))
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stdout == expected.stdout, "\(name)")
        }
    }

    @Test func aNonUTF8TraceNamesTheByte() throws {
        let trace = try Self.write(Array("0 badge 1\n1 scan LSL-40\n2 bin-".utf8) + [0xFF] + Array(".pick\n".utf8))
        Self.expectError(try Self.simulate(trace), trace: trace, at: "3:7", "invalid UTF-8 byte 0xFF")
    }

    @Test func aFolderOrAMissingFileIsAClearMessage() throws {
        let folder = try Repository.scratch().path
        Self.expectError(try Self.simulate(folder), trace: folder, at: "1:1", "this is a folder")
        let missing = folder + "/missing.trace"
        Self.expectError(try Self.simulate(missing), trace: missing, at: "1:1", "no such file")
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let fifo = try Repository.scratch().appendingPathComponent("t.trace").path
        #expect(mkfifo(fifo, 0o600) == 0)
        Self.expectError(try Self.simulate(fifo), trace: fifo, at: "1:1", "FIFO")
    }

    @Test func aHugeFileIsRefusedBeforeItIsRead() throws {
        let trace = try Self.write("0 badge 1\n")
        // Sparse: the size says 65 MiB, no disk is used.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: trace))
        try handle.truncate(atOffset: 65 << 20)
        try handle.close()
        Self.expectError(try Self.simulate(trace), trace: trace, at: "1:1", "larger than 64 MiB")
    }
}
