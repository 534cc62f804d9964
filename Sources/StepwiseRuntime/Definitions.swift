import Foundation
import StepwiseCore
import StepwiseFormats

/// A cell and the instruction sets it runs, loaded and validated together.
public struct Definitions: Sendable {
    public var cell: Cell
    public var instructionSets: [InstructionSet]

    /// Loads the cell file and every instruction set in `instructionsPath` (a file or directory).
    /// Any error in any file fails the whole load: a bad file never replaces a good one. A single
    /// set file is validated together with its folder (the cell names the other sets), and only
    /// that set is kept.
    public static func load(cellPath: String, instructionsPath: String) -> Result<Definitions, DefinitionError> {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: instructionsPath, isDirectory: &isDirectory)
        let singleFile = exists && !isDirectory.boolValue
        let folder =
            singleFile ? URL(fileURLWithPath: instructionsPath).deletingLastPathComponent().path : instructionsPath
        let report = Validation.validate(paths: [cellPath, folder])
        if report.hasErrors { return .failure(DefinitionError(report: report.formatted())) }
        let cellFile = URL(fileURLWithPath: cellPath).standardizedFileURL.path
        guard let loaded = report.cells.first(where: { $0.file == cellFile }) ?? report.cells.first else {
            return .failure(
                DefinitionError(
                    report: "\(cellPath): error: no cell definition found; expected a Devices/*.yaml cell file"))
        }
        let wanted = Set(loaded.instructionSets)
        let setFile = URL(fileURLWithPath: instructionsPath).standardizedFileURL.path
        let sets = report.instructionSets.filter { set in
            singleFile
                ? report.setFiles[set.id].map { URL(fileURLWithPath: $0).standardizedFileURL.path } == setFile
                : wanted.isEmpty || wanted.contains(set.id)
        }
        if sets.isEmpty {
            return .failure(
                DefinitionError(
                    report:
                        "\(instructionsPath): error: no instruction set for cell '\(loaded.cell.id)'; expected the sets its 'instruction-sets' names"
                ))
        }
        return .success(Definitions(cell: loaded.cell, instructionSets: sets))
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
