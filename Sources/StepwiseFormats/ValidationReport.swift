import StepwiseCore

/// Everything `Validation.validate` loaded, and every problem it found.
public struct ValidationReport: Sendable {
    public struct LoadedCell: Sendable {
        /// Standardized absolute path of the cell's YAML file.
        public var file: String
        public var cell: Cell
        /// The instruction sets the cell runs, in the order the file lists them.
        public var instructionSets: [InstructionSetID]
        public init(file: String, cell: Cell, instructionSets: [InstructionSetID]) {
            self.file = file
            self.cell = cell
            self.instructionSets = instructionSets
        }
    }

    public var cells: [LoadedCell]
    /// Sets that loaded, in file order (a set whose file has errors is left out).
    public var instructionSets: [InstructionSet]
    /// Standardized absolute path of each loaded set's file.
    public var setFiles: [InstructionSetID: String]
    /// Errors and warnings, sorted by file and position.
    public var diagnostics: [Diagnostic]

    public init(
        cells: [LoadedCell] = [], instructionSets: [InstructionSet] = [], setFiles: [InstructionSetID: String] = [:],
        diagnostics: [Diagnostic] = []
    ) {
        self.cells = cells
        self.instructionSets = instructionSets
        self.setFiles = setFiles
        self.diagnostics = diagnostics
    }

    public var hasErrors: Bool { diagnostics.contains(where: \.isError) }
    public var errors: [Diagnostic] { diagnostics.filter(\.isError) }

    /// One gcc-style line per diagnostic.
    public func formatted() -> String { diagnostics.map(\.formatted).joined(separator: "\n") }
}
