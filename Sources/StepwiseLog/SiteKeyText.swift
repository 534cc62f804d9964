/// The key file's text: a header line and the 32 key bytes as 64 hex digits.
///
///     stepwise-site-key 1
///     9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
///
/// Read hostile-until-checked: the file may have crossed machines on a stick or been opened in an
/// editor, so a BOM and LF, CRLF or CR line ends are accepted; anything else is refused with what
/// is wrong, never quoting the file (it may hold a key).
public enum SiteKeyText {
    public static let header = "stepwise-site-key 1"
    /// A real file is under 90 bytes; anything far larger is not one.
    public static let maximumSize = 1024

    public static func render(_ bytes: [UInt8]) -> String { "\(header)\n\(SiteKey.hex(bytes))\n" }

    /// The key in `bytes`, or what is wrong with them.
    public static func parse(_ bytes: [UInt8]) throws(SiteKeyProblem) -> SiteKey {
        guard bytes.count <= maximumSize else { throw .tooLarge(limit: maximumSize) }
        var lines = Self.lines(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes)
        if lines.last?.isEmpty == true { lines.removeLast() }  // the last line's end
        guard lines.first == Array(header.utf8) else {
            let versioned = lines.first?.starts(with: Array("stepwise-site-key ".utf8)) == true
            throw versioned ? .unknownVersion : .noHeader
        }
        guard lines.count == 2 else { throw .lineCount(lines.count) }
        return SiteKey(bytes: try key(lines[1]))
    }

    /// Lines split at LF, CRLF or CR; the last is empty when the text ends with a line end.
    private static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = [[]]
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A {
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                lines.append([])
            } else {
                lines[lines.count - 1].append(byte)
            }
            index += 1
        }
        return lines
    }

    private static func key(_ line: [UInt8]) throws(SiteKeyProblem) -> [UInt8] {
        guard line.count == 2 * SiteKey.byteCount else { throw .keyLength(line.count) }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: line.count, by: 2) {
            guard let high = digit(line[index]), let low = digit(line[index + 1]) else { throw .notHex }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func digit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
