import Crypto
import Foundation

/// A YAML file's bytes, checked to be reasonably sized UTF-8 before any parser sees them.
struct SourceText {
    /// Standardized absolute path, used in every diagnostic.
    let file: String
    let text: String
    /// SHA-256 (lower-case hex) of the exact bytes on disk.
    let contentHash: String

    /// Reads and checks `path`; a failure is a located diagnostic, never a crash.
    static func read(path: String) -> Result<SourceText, DiagnosticList> {
        let file = FormatPaths.absolute(path)
        func failure(_ line: Int, _ column: Int, _ message: String, _ expected: String) -> Result<SourceText, DiagnosticList> {
            .failure(DiagnosticList([Diagnostic(file: file, line: line, column: column, message: message, expected: expected)]))
        }
        guard let handle = FileHandle(forReadingAtPath: file) else {
            return failure(1, 1, "cannot open the file", "a readable YAML file")
        }
        defer { try? handle.close() }
        // Read at most one byte past the limit so a huge file is never loaded whole.
        let bytes = (try? handle.read(upToCount: Limits.fileBytes + 1)) ?? Data()
        if bytes.count > Limits.fileBytes {
            return failure(1, 1, "file is larger than \(Limits.fileBytes / 1024) KiB", "a YAML file of at most 1 MiB")
        }
        if let bad = firstInvalidUTF8(in: bytes) {
            let position = position(ofByte: bad.offset, in: bytes)
            return failure(
                position.line, position.column,
                "invalid UTF-8 byte 0x\(String(bad.byte, radix: 16, uppercase: true)) at byte offset \(bad.offset)",
                "UTF-8 text (save the file as UTF-8)")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let hash = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        return .success(SourceText(file: file, text: text, contentHash: hash))
    }

    /// The offset and value of the first byte that does not start or continue valid UTF-8.
    static func firstInvalidUTF8(in bytes: Data) -> (offset: Int, byte: UInt8)? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error:
                return (offset, bytes[bytes.startIndex + offset])
            case .emptyInput: return nil
            }
        }
    }

    /// 1-based line and column (in characters) of the byte at `offset`.
    static func position(ofByte offset: Int, in bytes: Data) -> (line: Int, column: Int) {
        let prefix = bytes.prefix(offset)
        let lineStart = prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.startIndex
        let line = prefix.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let column = String(decoding: bytes[lineStart..<(bytes.startIndex + offset)], as: UTF8.self).count + 1
        return (line, column)
    }
}

/// Path handling shared by the loaders: every path in a diagnostic or a loaded value is absolute.
enum FormatPaths {
    static func absolute(_ path: String) -> String {
        let url = path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    /// `path` as written in `file` (relative to the file's folder unless absolute), standardized.
    static func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        return folder.appendingPathComponent(path).standardizedFileURL.path
    }
}
