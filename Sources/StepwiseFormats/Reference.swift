import StepwiseCore
import Yams

/// A place in a file, 1-based.
struct Location: Hashable, Sendable {
    var line: Int
    var column: Int
    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    init(_ mark: Mark?) { self.init(line: mark?.line ?? 1, column: mark?.column ?? 1) }
}

/// A name an instruction set uses that the cell running it must define, and where it was written,
/// so a dangling one is reported at the right line.
struct Reference: Hashable, Sendable {
    enum Kind: String, Sendable {
        case zone, bin, input, output
    }
    var kind: Kind
    var name: String
    var location: Location
}

/// An instruction set as read from its file, with what cross-reference checks need.
struct LoadedSet: Sendable {
    var file: String
    var idLocation: Location
    var references: [Reference]
}

/// A cell as read from its file, with where its instruction-set ids were written.
struct LoadedCellSource: Sendable {
    var file: String
    var idLocation: Location
    var setLocations: [Location]
    /// Sets the cell pins to one published version (`led-streetlight@3.2`).
    var pins: [InstructionSetID: String] = [:]
}
