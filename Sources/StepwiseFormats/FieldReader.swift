import Yams

/// The instruction-set loader's reading rules, for the package's other YAML files (population
/// files): the same read limits, line-end handling, anchor and depth checks; mappings checked
/// against their known keys with a did-you-mean; numbers checked against ranges; every problem a
/// located `Diagnostic`. Reading goes on after a problem, so one run reports every mistake.
///
/// Not Sendable: one reader belongs to one file being loaded on one thread.
public final class FieldReader {
    let reader: NodeReader
    /// The file's root node.
    public let root: Node

    init(reader: NodeReader, root: Node) {
        self.reader = reader
        self.root = root
    }

    /// Reads and composes `path` with the limits of `Limits`; a failure is located.
    public static func open(path: String) -> Result<FieldReader, DiagnosticList> {
        YAMLDocument.load(path: path).map { FieldReader(reader: NodeReader(file: $0.source.file), root: $0.root) }
    }

    /// Checks and composes YAML text that did not come from a file; `file` names it in diagnostics.
    public static func open(text: String, file: String) -> Result<FieldReader, DiagnosticList> {
        YAMLDocument.compose(text: text, file: file).map { FieldReader(reader: NodeReader(file: file), root: $0) }
    }

    /// The file named in every diagnostic (absolute when opened from a path).
    public var file: String { reader.file }
    public var hasErrors: Bool { reader.hasErrors }
    /// Every problem so far, in source order.
    public var diagnostics: DiagnosticList { DiagnosticList(reader.diagnostics.sorted(by: Diagnostic.sourceOrder)) }

    /// Reports a problem at `node` (the top of the file when nil).
    public func report(_ node: Node?, _ message: String, expected: String? = nil, suggestion: String? = nil) {
        reader.report(node?.mark, message, expected: expected, suggestion: suggestion)
    }

    /// The values of a mapping named `name` (in messages) whose keys are all in `known`, each once,
    /// with every `required` one present; unknown keys are reported with a did-you-mean.
    public func fields(_ node: Node, _ name: String, known: [String], required: [String] = []) -> [String: Node]? {
        guard let fields = reader.fields(node, ObjectKeys(name: name, known: known, required: required)) else {
            return nil
        }
        return Dictionary(uniqueKeysWithValues: known.compactMap { key in fields[key].map { (key, $0) } })
    }

    /// The key node of `key` in a mapping (to locate a problem with the key itself).
    public func keyNode(_ key: String, in mapping: Node) -> Node? {
        mapping.mapping?.keys.first { $0.scalar?.string == key }
    }

    /// A finite number within `range`; `aboveLower` makes the lower bound exclusive.
    public func number(_ node: Node, _ what: String, in range: ClosedRange<Double>, aboveLower: Bool = false) -> Double?
    {
        if case .scalar(let scalar) = node, node.resolvedTag == .float, let value = node.float, !value.isFinite {
            let low = aboveLower ? "more than" : "at least"
            report(
                node, "\(what) is \(scalar.string), not a finite number",
                expected:
                    "a number \(low) \(NodeReader.plain(range.lowerBound)) and at most \(NodeReader.plain(range.upperBound))"
            )
            return nil
        }
        return reader.number(node, what, in: range, aboveLower: aboveLower)
    }

    /// A whole number within `range`.
    public func integer(_ node: Node, _ what: String, in range: ClosedRange<Int>) -> Int? {
        reader.integer(node, what, in: range)
    }

    /// Non-empty text of at most `maxLength` characters (numbers and booleans must be quoted).
    public func text(_ node: Node, _ what: String, maxLength: Int = Limits.textCharacters) -> String? {
        reader.string(node, what, maxLength: maxLength)
    }

    /// An identifier: letters, digits, `.`, `-`, `_`, starting with a letter or digit.
    public func identifier(_ node: Node, _ what: String) -> String? { reader.identifier(node, what) }

    /// One of `names`, with a did-you-mean.
    public func choice(_ node: Node, _ what: String, among names: [String]) -> String? {
        reader.choice(node, what, among: names)
    }

    /// The items of a list of at most `limit` items (at least one when `nonEmpty`).
    public func list(_ node: Node, _ what: String, limit: Int, nonEmpty: Bool = false) -> [Node]? {
        reader.list(node, what, limit: limit, nonEmpty: nonEmpty)
    }

    /// The closest of `candidates` to a misspelt `name`, or nil when none is a plausible typo.
    public static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        Suggestion.closest(to: name, among: candidates)
    }
}
