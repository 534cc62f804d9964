import ArgumentParser
import StepwiseRuntime
import StepwiseSetup

struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a PNG per step, guidance level and variant: what the projector will show.")

    @Argument(help: "The instruction set file.")
    var set: String
    @Option(help: "The cell whose projector and zones to use.")
    var cell: String = "Devices/demo-cell.yaml"
    @Option(help: "Output folder.")
    var out: String = "out/preview"

    func run() throws {
        let definitions = try CommandSupport.load(cell: cell, instructions: set)
        for instructionSet in definitions.instructionSets {
            let files = try StepwiseSetup.Preview.write(set: instructionSet, cell: definitions.cell, to: out)
            print("\(instructionSet.id): \(files.count) frames in \(out)")
        }
    }
}
