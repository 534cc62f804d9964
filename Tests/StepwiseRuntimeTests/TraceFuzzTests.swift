import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseRuntime

/// Mutated traces through the reader, the parser and the station: every input either plays or
/// is refused with a located error; nothing traps. Bounded in time for `make test`.
@Suite struct TraceFuzzTests {
    static func definitions() throws -> Definitions {
        try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get()
    }

    /// The traces shipped and in the fixtures, and what crashed or fooled `stepwise simulate` before.
    static func seeds() throws -> [[UInt8]] {
        let folders = ["Tests/Fixtures/traces", "WorkInstructions/traces"].map(Repository.path)
        var seeds = try folders.flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { name in
                Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            }
        }
        seeds += [
            "0 badge 1\n18500000000 logout\n", "0 badge 1\r1 scan LSL-40\r2 bin-1.pick\r",
            "\u{FEFF}0 badge 1\r\n1 select led-streetlight 40w\r\n", "0 badge 1\n1 scan NOPE\n1 select toaster\n",
            "0 fault a sensor x\n0 fault b usb y\n1 fault-cleared a\n",
        ].map { Array($0.utf8) }
        seeds.append(Array("0 badge 1\n1 bin-".utf8) + [0xFF, 0xFE] + Array(".pick\n".utf8))
        return seeds
    }

    @Test func everyTracePlaysOrIsRefusedAtALine() throws {
        let definitions = try Self.definitions()
        let vocabulary = TraceVocabulary(cell: definitions.cell, instructionSets: definitions.instructionSets)
        var played = 0, refused = 0
        let ran = try fuzz(seeds: Self.seeds(), iterations: 20_000, seed: 13, budget: .seconds(12)) { bytes in
            // Checked against the station, as `stepwise simulate` reads it.
            do throws(TraceError) {
                let trace = try TraceFile.trace(bytes, file: "fuzz.trace", vocabulary: vocabulary)
                _ = SimulatedRun.play(definitions: definitions, trace: trace) { _ in }
                played += 1
            } catch {
                Self.expectLocated(error, in: bytes)
                refused += 1
            }
            // Syntax only: names the station ignores must not trap it either.
            if let trace = try? Trace(parsing: String(decoding: bytes, as: UTF8.self)) {
                _ = SimulatedRun.play(definitions: definitions, trace: trace) { _ in }
            }
        }
        #expect(ran > 200 && played > 0 && refused > 0, "ran \(ran): \(played) played, \(refused) refused")
    }

    static func expectLocated(_ error: TraceError, in bytes: [UInt8]) {
        let lines = bytes.reduce(1) { $1 == 0x0A || $1 == 0x0D ? $0 + 1 : $0 }
        #expect(error.file == "fuzz.trace")
        #expect((1...lines).contains(error.line), "\(error)")
        #expect(error.column >= 1, "\(error)")
        #expect(error.message.contains("expected"), "\(error)")
    }
}
