import ArgumentParser
import StepwiseRuntime
import StepwiseSetup

struct Monitor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Print live input events of a cell: raw GPIO edges with kernel timestamps, debounced results, USB reports, hotplug and faults."
    )

    @Option(help: "The cell file.")
    var cell: String = "Devices/demo-cell.yaml"

    @Flag(help: "One JSON object per line instead of text.")
    var json = false

    @Flag(inversion: .prefixedNo, help: "Read the cell's simulated input keys from standard input.")
    var keys = true

    func run() throws {
        let definitions = try CommandSupport.load(
            cell: cell, instructions: Definitions.defaultInstructionsPath(forCell: cell))
        let code = SensorMonitor.run(definitions: definitions, options: .init(json: json, keys: keys))
        if code != 0 { throw ExitCode(code) }
    }
}
