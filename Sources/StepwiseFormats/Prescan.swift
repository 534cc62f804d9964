/// A lexical pass over the YAML text before it is parsed, for the two things the parser would
/// otherwise turn into a hang or a crash: anchors (the start of every alias bomb, and the
/// composer hashes aliased mapping keys recursively) and very deep nesting (the composer recurses).
///
/// It only needs to find where nodes start; it skips quoted and block scalars and comments.
struct Prescan {
    struct Finding: Equatable {
        enum Kind: Equatable { case anchor, tooDeep }
        var kind: Kind
        var line: Int
        var column: Int
    }

    private var flowDepth = 0
    private var quote: Unicode.Scalar?
    private var blockScalarIndent: Int?

    /// The first anchor or excessive nesting, or nil when the text is safe to compose.
    static func check(_ text: String) -> Finding? {
        var scan = Prescan()
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            if let finding = scan.scan(Array(line.unicodeScalars), number: number) { return finding }
        }
        return nil
    }

    private mutating func scan(_ chars: [Unicode.Scalar], number: Int) -> Finding? {
        let indent = chars.prefix { $0 == " " }.count
        if let parent = blockScalarIndent {
            if indent >= chars.count || indent > parent { return nil }
            blockScalarIndent = nil
        }
        var nodeStart = quote == nil
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let next: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
            let spaceAfter = next == nil || next == " " || next == "\t" || next == "\r"
            if let open = quote {
                if c == "\\" && open == "\"" { i += 2; continue }
                if c == open {
                    if open == "'" && next == "'" { i += 2; continue }
                    quote = nil
                }
                i += 1; continue
            }
            if c == " " || c == "\t" || c == "\r" { i += 1; continue }
            if c == "#" && (i == 0 || chars[i - 1] == " " || chars[i - 1] == "\t") { return nil }
            if nodeStart {
                if flowDepth == 0 && i >= Limits.blockColumn { return Finding(kind: .tooDeep, line: number, column: i + 1) }
                switch c {
                case "&": return Finding(kind: .anchor, line: number, column: i + 1)
                case "\"", "'": quote = c; nodeStart = false
                case "[", "{":
                    flowDepth += 1
                    if flowDepth > Limits.flowDepth { return Finding(kind: .tooDeep, line: number, column: i + 1) }
                case "|", ">":
                    if flowDepth == 0 { blockScalarIndent = indent; return nil }
                    nodeStart = false
                case "-", "?":
                    if !(flowDepth == 0 && spaceAfter) { nodeStart = false }
                case "!": while i + 1 < chars.count && chars[i + 1] != " " { i += 1 }
                case "]", "}": flowDepth = max(0, flowDepth - 1); nodeStart = false
                default: nodeStart = false
                }
            } else if flowDepth > 0 {
                switch c {
                case ",", "[", "{": nodeStart = true; if c != "," { flowDepth += 1 }
                case "]", "}": flowDepth = max(0, flowDepth - 1)
                case ":" where spaceAfter || next == "," : nodeStart = true
                default: break
                }
            } else if c == ":" && spaceAfter {
                nodeStart = true
            }
            i += 1
        }
        return nil
    }
}
