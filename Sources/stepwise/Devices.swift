import ArgumentParser
import StepwiseDevices
import StepwiseRuntime

struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List what a cell file names (projector, GPIO lines, USB devices) and whether each is present.")

    @Option(help: "The cell file.")
    var cell: String = "Devices/demo-cell.yaml"

    func run() throws {
        let definitions = try CommandSupport.load(
            cell: cell, instructions: Definitions.defaultInstructionsPath(forCell: cell))
        let lines = DevicePresence.check(cell: definitions.cell)
        print(PresenceLine.table(lines))
    }
}
