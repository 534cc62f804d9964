import StepwiseCore

/// Why the `calibration:` block of a cell file could not be found for rewriting.
public struct CalibrationTextError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): error: \(message)" }
}

/// Rewrites only the text of a cell file's `projector: calibration:` block, so the engineer's
/// comments, order and formatting everywhere else stay exactly as they were.
public enum CalibrationText {
    /// `text` with the calibration block replaced by `calibration` in block style (one flow
    /// mapping per point), the comment on the `calibration:` line kept.
    public static func replacing(in text: String, file: String, with calibration: Calibration)
        -> Result<String, CalibrationTextError>
    {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let projector = lines.firstIndex(where: { indent($0) == 0 && key(of: $0) == "projector" }) else {
            return .failure(
                CalibrationTextError(
                    file: file, line: 1,
                    message: "no top-level 'projector:' found; expected a cell file with a projector block"))
        }
        let blockEnd = lines[(projector + 1)...].firstIndex { isContent($0) && indent($0) == 0 } ?? lines.count
        guard let keyLine = lines[(projector + 1)..<blockEnd].firstIndex(where: { key(of: $0) == "calibration" }) else {
            return .failure(
                CalibrationTextError(
                    file: file, line: projector + 1,
                    message: "the projector has no 'calibration:' key; expected one (4 points) to replace"))
        }
        let keyIndent = indent(lines[keyLine])
        let end = valueEnd(lines, after: keyLine, keyIndent: keyIndent, limit: blockEnd)
        let itemIndent = String(repeating: " ", count: keyIndent + 2)
        let items = zip(calibration.bench, calibration.projector).map { bench, pixel in
            "\(itemIndent)- {bench: [\(number(bench.x)), \(number(bench.y))], projector: [\(number(pixel.x)), \(number(pixel.y))]}"
        }
        let head = String(repeating: " ", count: keyIndent) + "calibration:" + comment(of: lines[keyLine])
        let rewritten = Array(lines[..<keyLine]) + [head] + items + Array(lines[end...])
        return .success(rewritten.joined(separator: "\n"))
    }

    /// The first line after the key's value: a flow value on the key line (possibly continued
    /// until its brackets close), or the block of deeper lines and `- ` items at the key's indent.
    /// Comments and blank lines after the last item belong to what follows.
    static func valueEnd(_ lines: [String], after keyLine: Int, keyIndent: Int, limit: Int) -> Int {
        let inline = valueText(of: lines[keyLine])
        if !inline.isEmpty {
            var depth = 0, line = keyLine
            repeat {
                let code = line == keyLine ? inline : stripComment(lines[line])
                depth += code.filter { $0 == "[" || $0 == "{" }.count - code.filter { $0 == "]" || $0 == "}" }.count
                line += 1
            } while depth > 0 && line < limit
            return line
        }
        var last = keyLine
        for index in (keyLine + 1)..<limit where isContent(lines[index]) {
            let line = lines[index], depth = indent(line)
            let trimmed = line.drop { $0 == " " }
            guard depth > keyIndent || (depth == keyIndent && trimmed.hasPrefix("-")) else { break }
            last = index
        }
        return last + 1
    }

    static func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    /// A line with YAML on it (not blank, not only a comment).
    static func isContent(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return !trimmed.isEmpty && !trimmed.hasPrefix("#")
    }

    static func key(of line: String) -> String? {
        let trimmed = line.drop { $0 == " " }
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let key = trimmed[..<colon]
        return key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } ? String(key) : nil
    }

    /// What follows `key:` before any comment.
    static func valueText(of line: String) -> String {
        guard let colon = line.firstIndex(of: ":") else { return "" }
        return stripComment(String(line[line.index(after: colon)...])).trimmingSpaces
    }

    /// A trailing ` # …` comment of the key line, with its spacing, or "".
    static func comment(of line: String) -> String {
        guard let colon = line.firstIndex(of: ":") else { return "" }
        let rest = line[line.index(after: colon)...]
        guard let hash = rest.firstIndex(of: "#"), rest[..<hash].trimmingSpaces.isEmpty else { return "" }
        return String(rest)
    }

    static func stripComment(_ text: String) -> String {
        guard let hash = text.firstIndex(of: "#") else { return text }
        return String(text[..<hash])
    }

    /// Whole numbers without a decimal point; others to two decimals (0.01 mm or px is below measuring).
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
