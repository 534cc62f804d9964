import Foundation
import Yams

/// Turns checked source text into a Yams node tree, every failure a located diagnostic.
///
/// The one door for YAML: file checks (regular file, size, UTF-8), BOM and line-end
/// normalisation, the anchor and nesting scan, then the parser. Other YAML formats (population
/// files) load through `load(path:)` or `compose(text:file:)` and decode the node with
/// `YAMLDecoder().decode(_:from: node)`, so they get the same limits and located errors.
public enum YAMLDocument {
    /// Reads, checks and composes the file at `path`.
    public static func load(path: String) -> Result<(source: SourceText, root: Node), DiagnosticList> {
        SourceText.read(path: path).flatMap { source in compose(source).map { (source, $0) } }
    }

    /// Checks and composes `text` said to come from `file` (which only names it in diagnostics).
    public static func compose(text: String, file: String) -> Result<Node, DiagnosticList> {
        SourceText.checked(bytes: Data(text.utf8), file: file).flatMap(compose)
    }

    /// Composes checked source text.
    public static func compose(_ source: SourceText) -> Result<Node, DiagnosticList> {
        func failure(_ line: Int, _ column: Int, _ message: String, _ expected: String) -> Result<Node, DiagnosticList>
        {
            .failure(
                DiagnosticList([
                    Diagnostic(file: source.file, line: line, column: column, message: message, expected: expected)
                ]))
        }
        if let finding = Prescan.check(source.text) {
            switch finding.kind {
            case .anchor:
                return failure(
                    finding.line, finding.column, "YAML anchors and aliases (&name, *name) are not supported",
                    "each value written out where it is used")
            case .tooDeep:
                return failure(
                    finding.line, finding.column, "nesting is too deep",
                    "at most \(Limits.nesting) nested mappings and lists")
            }
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: source.text)
        } catch let error as YamlError {
            return .failure(DiagnosticList([diagnostic(for: error, in: source)]))
        } catch {
            return failure(1, 1, "cannot parse the file: \(error)", "valid YAML")
        }
        guard let root else { return failure(1, 1, "file is empty", "a YAML mapping") }
        if nodeCount(root, limit: Limits.nodes) > Limits.nodes {
            return failure(1, 1, "document has more than \(Limits.nodes) nodes", "a document of realistic size")
        }
        return .success(root)
    }

    /// Counts nodes without recursion, stopping once past `limit`.
    static func nodeCount(_ root: Node, limit: Int) -> Int {
        var stack = [root], count = 0
        while let node = stack.popLast(), count <= limit {
            count += 1
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    stack.append(key)
                    stack.append(value)
                }
            case .sequence(let sequence): stack.append(contentsOf: sequence)
            case .scalar, .alias: break
            }
        }
        return count
    }

    static func diagnostic(for error: YamlError, in source: SourceText) -> Diagnostic {
        let file = source.file
        let syntax = "valid YAML (check indentation, colons and quotes)"
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return Diagnostic(
                file: file, line: mark.line, column: mark.column,
                message: "YAML syntax error: \(problem)\(detail)", expected: syntax)
        case .reader(let problem, let offset, _, _):
            let (line, column) = position(ofCharacter: offset ?? 0, in: source.text)
            return Diagnostic(
                file: file, line: line, column: column, message: "unreadable character: \(problem)",
                expected: "printable UTF-8 text")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let second = DuplicateKey.secondOccurrence(of: key, after: context.mark, in: source.text)
            let at = second ?? (context.mark.line, context.mark.column)
            return Diagnostic(
                file: file, line: at.line, column: at.column,
                message: "duplicate key '\(key)' (first at line \(context.mark.line))",
                expected: "each key once per mapping")
        default:
            return Diagnostic(
                file: file, line: 1, column: 1, message: "cannot parse the file: \(error)", expected: syntax)
        }
    }

    /// 1-based line and column of the `offset`-th character.
    static func position(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}

/// Yams rejects duplicate keys but names only the first one; an editor should jump to the second.
enum DuplicateKey {
    /// The next line in the same block mapping that starts with `key:` at the first key's column.
    static func secondOccurrence(of key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let column = first.column - 1
        guard first.line < lines.count else { return nil }
        for index in first.line..<lines.count {
            let line = Array(lines[index])
            let indent = line.prefix { $0 == " " || $0 == "-" }.count
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.first == "#" { continue }
            if indent < column { return nil }
            guard line.count > column else { continue }
            let rest = String(line[column...])
            for spelling in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(spelling) {
                let after = rest.dropFirst(spelling.count).drop { $0 == " " }
                if after.first == ":" { return (index + 1, column + 1) }
            }
        }
        return nil
    }
}
