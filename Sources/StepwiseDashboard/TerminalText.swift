/// Stored text made safe for a terminal. Set names, step ids, reasons and account names come
/// from files and forms; printed raw, an escape sequence in them could retitle the window, clear
/// the screen or rewrite what was printed before, and a bidi override could reorder a line.
public enum TerminalText {
    /// `text` with every C0 and C1 control (line ends and tabs too), DEL, and every bidi
    /// embedding, override, isolate or mark written as a visible `\uXXXX`. The escape is the
    /// JSON one, so JSON output stays valid JSON.
    public static func escaped(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(
                    contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Text of several lines: each line escaped, the line ends kept (LF only; a CR is escaped).
    public static func lines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) }
            .joined(separator: "\n")
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        // ALM, LRM, RLM; LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI.
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        // Line and paragraph separators end a line on some terminals.
        case 0x2028, 0x2029: true
        default: false
        }
    }
}
