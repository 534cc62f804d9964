import StepwiseCore
import Yams

/// Loads one instruction-set file (`WorkInstructions/*.yaml`).
public enum InstructionSetFile {
    /// The set, or every problem found in the file. Pictures are resolved to absolute paths and
    /// checked to exist; references to a cell's zones and inputs are checked by `Validation`.
    public static func load(path: String) -> Result<InstructionSet, DiagnosticList> {
        loadWithSource(path: path).map(\.set)
    }

    typealias Loaded = (set: InstructionSet, source: LoadedSet, warnings: [Diagnostic])

    static func loadWithSource(path: String) -> Result<Loaded, DiagnosticList> {
        FormatDocument.load(path: path).flatMap { source, root in
            if FormatDocument.kind(of: root) == .cell {
                return .failure(FormatDocument.wrongKind(source, "a cell", "an instruction set"))
            }
            return read(source, root)
        }
    }

    static func read(_ source: SourceText, _ root: Node) -> Result<Loaded, DiagnosticList> {
        let reader = NodeReader(file: source.file)
        let result = InstructionSetReader(reader: reader).read(root, contentHash: source.contentHash)
        guard let (set, loaded) = result, !reader.hasErrors else { return .failure(FormatDocument.failure(reader)) }
        return .success((set, loaded, reader.diagnostics))
    }
}

/// Loads one cell file (`Devices/*.yaml`).
public enum CellFile {
    /// The cell and the ids of the instruction sets it runs, or every problem found in the file.
    public static func load(path: String) -> Result<(Cell, [InstructionSetID]), DiagnosticList> {
        loadWithSource(path: path).map { ($0.cell, $0.sets) }
    }

    /// The sets the cell names, each with the version it pins (nil: the latest published).
    public static func setReferences(path: String) -> Result<[InstructionSetReference], DiagnosticList> {
        loadWithSource(path: path).map { loaded in
            loaded.sets.map { InstructionSetReference(id: $0, version: loaded.source.pins[$0]) }
        }
    }

    typealias Loaded = (cell: Cell, sets: [InstructionSetID], source: LoadedCellSource, warnings: [Diagnostic])

    static func loadWithSource(path: String) -> Result<Loaded, DiagnosticList> {
        FormatDocument.load(path: path).flatMap { source, root in
            if FormatDocument.kind(of: root) != .cell {
                return .failure(FormatDocument.wrongKind(source, "an instruction set", "a cell"))
            }
            return read(source, root)
        }
    }

    static func read(_ source: SourceText, _ root: Node) -> Result<Loaded, DiagnosticList> {
        let reader = NodeReader(file: source.file)
        guard let (cell, sets, loaded) = CellReader(reader: reader).read(root), !reader.hasErrors else {
            return .failure(FormatDocument.failure(reader))
        }
        return .success((cell, sets, loaded, reader.diagnostics))
    }
}

/// Which of the two formats a document is, and the shared read-and-compose step.
enum FormatDocument {
    enum Kind { case cell, instructionSet }

    /// A cell has a top-level `projector:`. Without one, a document with cell-only keys and no
    /// `steps:` is still a cell (so a cell missing its projector is told so, not called a bad set).
    static func kind(of root: Node) -> Kind {
        guard case .mapping(let mapping) = root else { return .instructionSet }
        let keys = Set(mapping.keys.compactMap { $0.scalar?.string })
        if keys.contains("projector") { return .cell }
        let cellOnly: Set = ["zones", "inputs", "outputs", "usb-devices", "roles", "instruction-sets"]
        return !keys.contains("steps") && !keys.isDisjoint(with: cellOnly) ? .cell : .instructionSet
    }

    static func load(path: String) -> Result<(SourceText, Node), DiagnosticList> {
        YAMLDocument.load(path: path).map { ($0.source, $0.root) }
    }

    static func wrongKind(_ source: SourceText, _ found: String, _ expected: String) -> DiagnosticList {
        DiagnosticList([
            Diagnostic(
                file: source.file, line: 1, column: 1, message: "this file is \(found)",
                expected: "\(expected) (a cell has a top-level 'projector:' key)")
        ])
    }

    static func failure(_ reader: NodeReader) -> DiagnosticList {
        var diagnostics = reader.diagnostics.sorted(by: Diagnostic.sourceOrder)
        if !diagnostics.contains(where: \.isError) {
            diagnostics.append(
                Diagnostic(
                    file: reader.file, line: 1, column: 1, message: "file could not be loaded",
                    expected: "a valid document"))
        }
        return DiagnosticList(diagnostics)
    }
}
