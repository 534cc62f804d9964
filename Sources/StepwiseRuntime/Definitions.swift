import Foundation
import StepwiseCore
import StepwiseFormats

/// A cell and the instruction sets it runs, loaded and validated together.
public struct Definitions: Sendable {
    public var cell: Cell
    public var instructionSets: [InstructionSet]

    /// Loads the cell file and every instruction set in `instructionsPath` (a file or directory).
    /// Any error in any file fails the whole load: a bad file never replaces a good one.
    public static func load(cellPath: String, instructionsPath: String) -> Result<Definitions, DefinitionError> {
        let report = Validation.validate(paths: [cellPath, instructionsPath])
        if report.hasErrors { return .failure(DefinitionError(report: report.formatted())) }
        let cellFile = URL(fileURLWithPath: cellPath).standardizedFileURL.path
        guard let cell = report.cells.first(where: { $0.file == cellFile })?.cell ?? report.cells.first?.cell else {
            return .failure(DefinitionError(report: "\(cellPath): error: no cell definition found; expected a Devices/*.yaml cell file"))
        }
        let wanted = Set(report.cells.first(where: { $0.cell.id == cell.id })?.instructionSets ?? [])
        let sets = report.instructionSets.filter { wanted.isEmpty || wanted.contains($0.id) }
        if sets.isEmpty {
            return .failure(DefinitionError(report: "\(instructionsPath): error: no instruction set for cell '\(cell.id)'; expected the sets its 'instruction-sets' names"))
        }
        return .success(Definitions(cell: cell, instructionSets: sets))
    }

    /// The instruction folder next to the cell's folder (`Devices/x.yaml` → `WorkInstructions`).
    public static func defaultInstructionsPath(forCell cellPath: String) -> String {
        URL(fileURLWithPath: cellPath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("WorkInstructions").path
    }
}

/// Why definitions could not be loaded: the validator's located diagnostics, ready to print.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    public var report: String
    public var description: String { report }
}
