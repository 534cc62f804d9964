import ArgumentParser
import Foundation
import Logging
import StepwiseBench
import StepwiseRuntime
import StepwiseWorkshop

/// `stepwise bench`: measurements that are commands, never tests.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure Stepwise on this machine.", subcommands: [RenderCommand.self, UplinkCommand.self])

    /// Prints a benchmark's result: the table for a person, or one JSON object with sorted keys.
    static func report(_ result: some Encodable, table: String, json: Bool) throws {
        guard json else { return print(table) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }

    struct RenderCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Frame copy floor, full redraw, step transition and event-to-present latency at 1080p.")

        @Option(help: "The cell whose geometry and calibration to use (scaled to 1920×1080, file-backed).")
        var cell: String = "Devices/pi-cell.yaml"
        @Option(help: "The instruction sets (file or folder); default: WorkInstructions next to the cell's folder.")
        var instructions: String?
        @Option(help: "Simulated sensor events for the latency figure.")
        var events: Int = 10_000
        @Flag(help: "Mirror every frame to a PNG as well, as the demo cell does (encoded on its own thread).")
        var mirror = false
        @Flag(help: "Run the event thread at SCHED_FIFO 50 as systemd/stepwised.service does (needs CAP_SYS_NICE).")
        var realtime = false
        @Option(help: "Write each event's kind and milliseconds to this file (what the tail is made of).")
        var samples: String?
        @Flag(help: "Print one JSON object instead of the table.")
        var json = false

        func run() throws {
            let folder = instructions ?? Definitions.defaultInstructionsPath(forCell: cell)
            let result: RenderBenchResult
            do {
                result = try RenderBench.run(
                    cellPath: cell, instructionsPath: folder, events: max(1, events), mirror: mirror,
                    realtime: realtime,
                    samplesPath: samples)
            } catch {
                throw CommandSupport.fail("bench render: \(error)")
            }
            try Bench.report(result, table: result.table, json: json)
        }
    }

    struct UplinkCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uplink",
            abstract: "Records per second from one station's log to PostgreSQL, against a plain COPY of the same rows.")

        @OptionGroup var server: CentralServerOptions
        @Option(help: "Records in the scratch log (1,000 to 1,000,000).")
        var records: Int = 50_000
        @OptionGroup var shipping: UplinkBatchOptions
        @Flag(help: "Print one JSON object instead of the table.")
        var json = false

        func run() async throws {
            guard (1000...1_000_000).contains(records) else {
                throw CommandSupport.fail("--records \(records): expected 1000 to 1000000")
            }
            let (batch, shipMethod) = try shipping.validated()
            let address = try server.address()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-\(getpid())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let result: UplinkThroughput.Result
            do {
                result = try await UplinkThroughput.run(
                    address: address, records: records, batch: batch, method: shipMethod, folder: folder,
                    logger: Logger(label: "stepwise.bench") { _ in SwiftLogNoOpLogHandler() })
            } catch {
                throw CommandSupport.fail("bench uplink: \(error)")
            }
            try Bench.report(result, table: result.table, json: json)
        }
    }
}
