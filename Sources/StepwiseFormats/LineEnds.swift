/// One line-end convention for everything after reading: LF.
///
/// Files come from Windows (CRLF, often with a BOM), from old Mac tools (CR alone) and from
/// copy-and-paste (a mix). Every scan and the parser see the same text, with LF only, so the
/// anchor check and libyaml can never disagree on where a line ends. Positions stay those an
/// editor shows: CR, CRLF and LF each end one line, and a leading BOM is not a column.
///
/// U+0085 (NEL), U+2028 and U+2029 are line breaks to libyaml but not to most editors, so a file
/// with them would be reported at lines the engineer cannot find: they are refused, located.
public enum LineEnds {
    /// A character no YAML file of ours needs, with its editor position.
    struct Unusual: Error, Equatable {
        var line: Int
        var column: Int
        var name: String
    }

    static let unusual: [Unicode.Scalar: String] = [
        "\u{0085}": "U+0085 (NEXT LINE)", "\u{2028}": "U+2028 (LINE SEPARATOR)",
        "\u{2029}": "U+2029 (PARAGRAPH SEPARATOR)",
    ]

    /// `text` without a leading BOM and with every CRLF and lone CR turned into LF, or the first
    /// unusual line break.
    static func normalize(_ text: String) -> Result<String, Unusual> {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(text.unicodeScalars.count)
        var line = 1, column = 1
        var previousCR = false
        var body = Substring(text).unicodeScalars
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        for scalar in body {
            if let name = unusual[scalar] { return .failure(Unusual(line: line, column: column, name: name)) }
            switch scalar {
            case "\r":
                scalars.append("\n")
                line += 1
                column = 1
                previousCR = true
                continue
            case "\n":
                if !previousCR {
                    scalars.append("\n")
                    line += 1
                    column = 1
                }
            default:
                scalars.append(scalar)
                column += 1
            }
            previousCR = false
        }
        return .success(String(scalars))
    }

    /// 1-based editor line and column (in characters) of the byte at `offset` of UTF-8 `bytes`
    /// that are valid up to `offset`.
    public static func position(ofByte offset: Int, in bytes: some Collection<UInt8>) -> (line: Int, column: Int) {
        let prefix = String(decoding: bytes.prefix(offset), as: UTF8.self)
        var line = 1, column = 1, previousCR = false
        var scalars = Substring(prefix).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        for scalar in scalars {
            if scalar == "\n" && previousCR {
                previousCR = false
                continue
            }
            previousCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
