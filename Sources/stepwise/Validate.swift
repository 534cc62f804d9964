import ArgumentParser
import StepwiseFormats

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check instruction sets and cells, with their cross-references; errors as file:line:column.")

    @Argument(help: "Files or folders (default: WorkInstructions Devices).")
    var paths: [String] = ["WorkInstructions", "Devices"]

    func run() throws {
        let report = Validation.validate(paths: paths)
        let text = report.formatted()
        if !text.isEmpty { print(text) }
        let files = report.cells.count + report.instructionSets.count
        if report.hasErrors { throw ExitCode(1) }
        print("ok: \(report.instructionSets.count) instruction sets, \(report.cells.count) cells (\(files) files)")
    }
}
