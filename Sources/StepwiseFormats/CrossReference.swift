import Foundation
import StepwiseCore

/// Checks loaded sets and cells against each other: unique ids across files, each cell's sets
/// exist, and every zone, bin, input and output a set names exists in every cell that runs it.
struct CrossReference {
    let sets: [(InstructionSet, LoadedSet)]
    let cells: [(ValidationReport.LoadedCell, LoadedCellSource)]
    private(set) var diagnostics: [Diagnostic] = []
    /// Sets and cells whose ids are not taken by an earlier file.
    private(set) var uniqueSets: [(InstructionSet, LoadedSet)] = []
    private(set) var uniqueCells: [(ValidationReport.LoadedCell, LoadedCellSource)] = []

    /// Ids of sets whose files failed to load; their own errors already say why.
    let failedSets: Set<String>

    init(
        sets: [(InstructionSet, LoadedSet)], cells: [(ValidationReport.LoadedCell, LoadedCellSource)],
        failedSets: Set<String> = []
    ) {
        self.sets = sets
        self.cells = cells
        self.failedSets = failedSets
    }

    mutating func run() {
        var setFiles: [InstructionSetID: LoadedSet] = [:]
        for (set, source) in sets {
            if let first = setFiles[set.id] {
                error(
                    source.file, source.idLocation,
                    "instruction set id '\(set.id)' is already used by \(Self.place(first.file, first.idLocation))",
                    expected: "a unique id per instruction set")
            } else {
                setFiles[set.id] = source
                uniqueSets.append((set, source))
            }
        }
        var cellFiles: [CellID: LoadedCellSource] = [:]
        for (loaded, source) in cells {
            if let first = cellFiles[loaded.cell.id] {
                error(
                    source.file, source.idLocation,
                    "cell id '\(loaded.cell.id)' is already used by \(Self.place(first.file, first.idLocation))",
                    expected: "a unique id per cell")
            } else {
                cellFiles[loaded.cell.id] = source
                uniqueCells.append((loaded, source))
            }
        }
        let byID = Dictionary(uniqueSets.map { ($0.0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var run = Set<InstructionSetID>()
        for (loaded, source) in uniqueCells {
            for (id, location) in zip(loaded.instructionSets, source.setLocations) {
                guard let (set, setSource) = byID[id] else {
                    if failedSets.contains(id.rawValue) { continue }
                    error(
                        source.file, location, "instruction set '\(id)' does not exist",
                        expected: byID.isEmpty
                            ? "an instruction set file given to validate"
                            : "one of \(Describe.list(byID.keys.map(\.rawValue).sorted()))",
                        suggestion: Suggestion.closest(to: id.rawValue, among: byID.keys.map(\.rawValue)))
                    continue
                }
                run.insert(id)
                check(set, setSource, against: loaded)
            }
        }
        if !uniqueCells.isEmpty {
            for (set, source) in uniqueSets where !run.contains(set.id) {
                diagnostics.append(
                    Diagnostic(
                        file: source.file, line: source.idLocation.line, column: source.idLocation.column,
                        severity: .warning, message: "instruction set '\(set.id)' is not run by any cell",
                        expected: "its id under instruction-sets: in a cell"))
            }
        }
    }

    private mutating func check(_ set: InstructionSet, _ source: LoadedSet, against loaded: ValidationReport.LoadedCell)
    {
        let cell = loaded.cell
        let inCell = "in cell '\(cell.id)' (\(URL(fileURLWithPath: loaded.file).lastPathComponent))"
        for reference in source.references {
            let names: [String]
            switch reference.kind {
            case .zone: names = cell.zones.map(\.id.rawValue)
            case .bin: names = cell.zones.filter { $0.kind == .bin }.map(\.id.rawValue)
            case .input: names = cell.inputs.map(\.id.rawValue)
            case .output: names = cell.outputs.map(\.id.rawValue)
            }
            if names.contains(reference.name) {
                if reference.kind == .input, cell.roles.help?.rawValue == reference.name {
                    diagnostics.append(
                        Diagnostic(
                            file: source.file, line: reference.location.line, column: reference.location.column,
                            severity: .warning,
                            message: "input '\(reference.name)' is the help button \(inCell)",
                            expected: "a sensor input; the help button is for asking help and is never a step event"))
                }
                continue
            }
            let isZone = reference.kind == .bin && cell.zone(ZoneID(reference.name)) != nil
            let message =
                isZone
                ? "zone '\(reference.name)' is not a bin \(inCell)"
                : "\(reference.kind.rawValue) '\(reference.name)' is not defined \(inCell)"
            error(
                source.file, reference.location, message, expected: "one of \(Describe.list(names.sorted()))",
                suggestion: Suggestion.closest(to: reference.name, among: names))
        }
    }

    private mutating func error(
        _ file: String, _ at: Location, _ message: String, expected: String, suggestion: String? = nil
    ) {
        diagnostics.append(
            Diagnostic(
                file: file, line: at.line, column: at.column, message: message, expected: expected,
                suggestion: suggestion))
    }

    static func place(_ file: String, _ at: Location) -> String { "\(file):\(at.line):\(at.column)" }
}
