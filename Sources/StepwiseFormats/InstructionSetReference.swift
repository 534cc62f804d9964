import StepwiseCore

/// An item of a cell's `instruction-sets:`: a set, and the published version it is pinned to
/// (`led-streetlight@3.2`), or none to follow the latest.
public struct InstructionSetReference: Hashable, Sendable, CustomStringConvertible {
    public var id: InstructionSetID
    public var version: String?

    public init(id: InstructionSetID, version: String? = nil) {
        self.id = id
        self.version = version
    }

    /// Parses `id` or `id@version`; both parts identifiers (letters, digits, '.', '-', '_').
    public init?(_ text: String) {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first, NodeReader.isIdentifier(name), name.count <= Limits.identifierCharacters
        else { return nil }
        if parts.count == 2 {
            guard NodeReader.isIdentifier(parts[1]), parts[1].count <= Limits.identifierCharacters else { return nil }
            self.init(id: InstructionSetID(name), version: parts[1])
        } else {
            self.init(id: InstructionSetID(name))
        }
    }

    public var description: String { version.map { "\(id)@\($0)" } ?? id.rawValue }
}
