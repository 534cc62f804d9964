import Foundation
import StepwiseCore

/// `stepwise validate`: loads instruction sets and cells and checks them against each other.
public enum Validation {
    /// Loads every .yaml/.yml under the given files/directories (recursively, sorted), validates each
    /// and all cross-references (each cell's instruction-sets exist; each set's zones/bins/inputs/
    /// outputs/wrong-action inputs exist in every cell that runs it; pictures exist; unique ids across files).
    public static func validate(paths: [String]) -> ValidationReport {
        var diagnostics: [Diagnostic] = []
        var sets: [(InstructionSet, LoadedSet)] = []
        var cells: [(ValidationReport.LoadedCell, LoadedCellSource)] = []
        // Sets whose file has errors: a cell naming them gets no second, misleading "does not exist".
        var failedSets: Set<String> = []
        for file in yamlFiles(in: paths, diagnostics: &diagnostics) {
            switch FormatDocument.load(path: file) {
            case .failure(let list): diagnostics += list.diagnostics
            case .success(let (source, root)) where FormatDocument.kind(of: root) == .cell:
                switch CellFile.read(source, root) {
                case .success(let loaded):
                    diagnostics += loaded.warnings
                    cells.append(
                        (
                            .init(file: loaded.source.file, cell: loaded.cell, instructionSets: loaded.sets),
                            loaded.source
                        ))
                case .failure(let list): diagnostics += list.diagnostics
                }
            case .success(let (source, root)):
                switch InstructionSetFile.read(source, root) {
                case .success(let loaded):
                    diagnostics += loaded.warnings
                    sets.append((loaded.set, loaded.source))
                case .failure(let list):
                    diagnostics += list.diagnostics
                    if let id = root["id"]?.string { failedSets.insert(id) }
                }
            }
        }
        var check = CrossReference(sets: sets, cells: cells, failedSets: failedSets)
        check.run()
        diagnostics += check.diagnostics
        var setFiles: [InstructionSetID: String] = [:]
        for (set, source) in check.uniqueSets { setFiles[set.id] = source.file }
        return ValidationReport(
            cells: check.uniqueCells.map(\.0), instructionSets: check.uniqueSets.map(\.0), setFiles: setFiles,
            diagnostics: diagnostics.sorted(by: Diagnostic.sourceOrder))
    }

    /// The YAML files named by `paths`: files as given, directories searched recursively
    /// (hidden entries skipped), each list sorted so output is stable.
    static func yamlFiles(in paths: [String], diagnostics: inout [Diagnostic]) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            let absolute = FormatPaths.absolute(path)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
                diagnostics.append(
                    Diagnostic(
                        file: absolute, line: 1, column: 1, message: "no such file or directory",
                        expected: "a YAML file or a folder of them"))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(absolute)
                continue
            }
            let found = (manager.enumerator(atPath: absolute)?.allObjects as? [String] ?? [])
                .filter {
                    ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml"))
                        && !$0.split(separator: "/").contains { $0.hasPrefix(".") }
                }
                .map { URL(fileURLWithPath: absolute).appendingPathComponent($0).standardizedFileURL.path }
            files += found.sorted()
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }
}
