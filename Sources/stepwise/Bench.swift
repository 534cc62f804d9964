import ArgumentParser
import Foundation
import StepwiseBench
import StepwiseRuntime

/// `stepwise bench`: measurements that are commands, never tests.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure Stepwise on this machine.", subcommands: [RenderCommand.self])

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
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print(result.table)
            }
        }
    }
}
