/// What a trace may name at one station: the cell's inputs, the sets it runs with their
/// variants, and the codes a scan can select. A trace naming anything else would be ignored by
/// the station without a word, so the parser refuses it with the line and column instead.
public struct TraceVocabulary: Hashable, Sendable {
    public var inputs: Set<InputID>
    /// Per set, its variant ids (empty for a set without variants).
    public var variants: [InstructionSetID: Set<VariantID>]
    /// Every code a scan selects something with: variant codes, variant ids and set ids.
    public var codes: Set<String>

    public init(cell: Cell, instructionSets: [InstructionSet]) {
        inputs = Set(cell.inputs.map(\.id))
        variants = Dictionary(
            instructionSets.map { ($0.id, Set($0.variants.map(\.id))) }, uniquingKeysWith: { first, _ in first })
        codes = Set(
            instructionSets.flatMap { set in
                [set.id.rawValue] + set.variants.flatMap { [$0.id.rawValue] + ($0.code.map { [$0] } ?? []) }
            })
    }

    /// What is wrong with `action` at this station, and the word to point at; `words` are the
    /// line's words from the event word on.
    func problem(with action: Trace.Action, words: [TraceParser.Word]) -> (word: TraceParser.Word, message: String)? {
        switch action {
        case .input(let input, _) where !inputs.contains(input):
            return (
                words[0],
                "unknown input '\(input.rawValue)'; expected an input of the cell (\(Self.list(inputs.map(\.rawValue)))) or one of: \(TraceParser.commands)"
            )
        case .scan(let code) where !codes.contains(code):
            return (words[1], "unknown code '\(code)'; expected a variant code or a set id (\(Self.list(codes)))")
        case .select(let set, let variant):
            guard let known = variants[set] else {
                return (
                    words[1],
                    "unknown instruction set '\(set.rawValue)'; expected one the cell runs (\(Self.list(variants.keys.map(\.rawValue))))"
                )
            }
            guard let variant, !known.contains(variant) else { return nil }
            let expected =
                known.isEmpty
                ? "nothing after the set id: it has no variants"
                : "a variant of it (\(Self.list(known.map(\.rawValue))))"
            return (words[2], "set '\(set.rawValue)' has no variant '\(variant.rawValue)'; expected \(expected)")
        default: return nil
        }
    }

    /// A few names, sorted, for an error message: enough to spot the right one, never a wall of text.
    static func list(_ names: some Collection<String>) -> String {
        let sorted = names.sorted()
        let shown = sorted.prefix(8).joined(separator: ", ")
        return sorted.count > 8 ? "\(shown), … \(sorted.count - 8) more" : shown.isEmpty ? "none" : shown
    }
}
