import ArgumentParser
import Foundation
import Logging
import StepwiseBench
import StepwiseRuntime
import StepwiseWorkshop

/// `stepwise bench`: measurements that are commands, never tests.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure Stepwise on this machine.",
        subcommands: [RenderCommand.self, UplinkCommand.self, DashboardCommand.self])

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
            abstract: "One station's uplink against a plain COPY, a fleet of busy stations against one server "
                + "(lag, server CPU), and what that means for 1,000 stations.")

        @OptionGroup var server: CentralServerOptions
        @Option(help: "Records in the scratch log of part (a) (1,000 to 1,000,000).")
        var records: Int = 50_000
        @OptionGroup var shipping: UplinkBatchOptions
        @Option(help: "Simulated stations of part (b), one connection each (1 to 500).")
        var fleetStations: Int = 50
        @Option(help: "Seconds the simulated stations write in part (b) (1 to 3,600).")
        var fleetSeconds: Double = 60
        @Option(help: "Seed of the simulated stations' writes: the same seed, the same load.")
        var seed: UInt64 = 1
        @Flag(help: "Print one JSON object instead of the table.")
        var json = false

        func run() async throws {
            guard (1000...1_000_000).contains(records) else {
                throw CommandSupport.fail("--records \(records): expected 1000 to 1000000")
            }
            guard (1...500).contains(fleetStations) else {
                throw CommandSupport.fail("--fleet-stations \(fleetStations): expected 1 to 500")
            }
            guard (1...3600).contains(fleetSeconds) else {
                throw CommandSupport.fail("--fleet-seconds \(fleetSeconds): expected 1 to 3600")
            }
            var fleet = UplinkFleet.Settings()
            (fleet.batch, fleet.method) = try shipping.validated()
            fleet.stations = fleetStations
            fleet.seconds = fleetSeconds
            fleet.seed = seed
            let address = try server.address()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-\(getpid())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let result: UplinkBenchResult
            do {
                result = try await UplinkBench.run(
                    address: address, records: records, fleet: fleet, folder: folder,
                    logger: Logger(label: "stepwise.bench") { _ in SwiftLogNoOpLogHandler() })
            } catch {
                throw CommandSupport.fail("bench uplink: \(error)")
            }
            try Bench.report(result, table: result.table, json: json)
        }
    }
}
