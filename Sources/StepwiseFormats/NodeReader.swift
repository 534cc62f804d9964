import Yams

/// The keys one kind of YAML mapping accepts. Exposed so a test can check the JSON Schemas
/// name exactly the keys the loader reads.
public struct ObjectKeys: Sendable, Hashable {
    /// How the mapping is named in messages ("step", "projector").
    public let name: String
    public let known: [String]
    public let required: [String]
}

/// A mapping whose keys have been checked: known, unique, required ones present.
struct Fields {
    let node: Node
    private let pairs: [String: (key: Node, value: Node)]

    init(node: Node, pairs: [String: (key: Node, value: Node)]) {
        self.node = node
        self.pairs = pairs
    }

    subscript(key: String) -> Node? { pairs[key]?.value }
    func keyNode(_ key: String) -> Node? { pairs[key]?.key }
    var mark: Mark? { node.mark }
}

/// Reads Yams nodes into domain values. Problems become located diagnostics and reading goes on,
/// so one run reports every mistake in a file instead of stopping at the first.
///
/// Not Sendable: one reader belongs to one file being loaded on one thread.
final class NodeReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    var hasErrors: Bool { diagnostics.contains(where: \.isError) }

    func report(
        _ mark: Mark?, _ message: String, expected: String? = nil, suggestion: String? = nil,
        severity: Diagnostic.Severity = .error
    ) {
        diagnostics.append(
            Diagnostic(
                file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, severity: severity,
                message: message, expected: expected, suggestion: suggestion))
    }

    /// Checks `node` is a mapping with only `keys.known`, each once, and every `keys.required`.
    func fields(_ node: Node, _ keys: ObjectKeys) -> Fields? {
        guard case .mapping(let mapping) = node else {
            report(
                node.mark, "\(keys.name) must be a mapping, found \(Describe.found(node))",
                expected: "key: value pairs (\(keys.known.prefix(4).joined(separator: ", "))…)")
            return nil
        }
        var pairs: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                report(
                    key.mark, "keys of \(keys.name) must be plain names, found \(Describe.found(key))",
                    expected: "one of \(Describe.list(keys.known))")
                continue
            }
            let name = scalar.string
            if let first = pairs[name] {
                report(
                    key.mark, "duplicate key '\(name)' in \(keys.name) (first at line \(first.key.mark?.line ?? 0))",
                    expected: "each key once")
            } else if !keys.known.contains(name) {
                report(
                    key.mark, "unknown key '\(name)' in \(keys.name)", expected: "one of \(Describe.list(keys.known))",
                    suggestion: Suggestion.closest(to: name, among: keys.known))
            } else {
                pairs[name] = (key, value)
            }
        }
        for name in keys.required where pairs[name] == nil {
            report(
                node.mark, "\(keys.name) is missing the required key '\(name)'",
                expected: "'\(name):' in this mapping")
        }
        return Fields(node: node, pairs: pairs)
    }

    /// The items of a list, or nil (reported) when `node` is not a list or has more than `limit` items.
    func list(_ node: Node, _ what: String, limit: Int = 10_000, nonEmpty: Bool = false) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(
                node.mark, "\(what) must be a list, found \(Describe.found(node))",
                expected: "a list ('- item' lines or [a, b])")
            return nil
        }
        let items = Array(sequence)
        if items.count > limit {
            report(node.mark, "\(what) has \(items.count) items", expected: "at most \(limit)")
            return nil
        }
        if nonEmpty && items.isEmpty {
            report(node.mark, "\(what) is empty", expected: "at least one item")
            return nil
        }
        return items
    }
}

/// Words for what was found where something else was expected.
enum Describe {
    static func found(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch node.resolvedTag {
            case .null: return "nothing (null)"
            case .int, .float: return "the number \(scalar.string)"
            case .bool: return "the boolean \(scalar.string)"
            case .timestamp: return "the date \(scalar.string)"
            default: return "the text '\(clip(scalar.string))'"
            }
        }
    }

    static func list(_ names: [String]) -> String {
        names.count <= 12 ? names.joined(separator: ", ") : names.prefix(12).joined(separator: ", ") + ", …"
    }

    static func clip(_ text: String) -> String { text.count > 40 ? String(text.prefix(40)) + "…" : text }
}

extension Node {
    /// The resolved YAML type (`str`, `int`, `bool` …) of the node.
    var resolvedTag: Tag.Name { Tag.Name(rawValue: tag.rawValue) }
}
