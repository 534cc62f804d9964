import Crypto
import Foundation

/// A YAML file's bytes, checked to be a regular file of reasonable size in UTF-8, with one
/// line-end convention, before any scanner or parser sees them.
///
/// Every YAML entry point goes through `read(path:)` or `checked(bytes:file:)`: instruction sets,
/// cells, and (through `YAMLDocument.load(path:)`) population files.
public struct SourceText: Sendable {
    /// Standardized absolute path, used in every diagnostic.
    public let file: String
    /// The text with a leading BOM removed and every line end (CRLF, CR, LF) as LF.
    public let text: String
    /// SHA-256 (lower-case hex) of the exact bytes on disk.
    public let contentHash: String

    /// Reads and checks `path`; a failure is a located diagnostic, never a crash or a wait: a FIFO,
    /// a device or a folder is refused without being read.
    public static func read(path: String) -> Result<SourceText, DiagnosticList> {
        let file = FormatPaths.absolute(path)
        switch RegularFile.read(file, maxBytes: Limits.fileBytes) {
        case .success(let bytes): return checked(bytes: bytes, file: file)
        case .failure(let refusal):
            let message =
                refusal.reason.hasPrefix("larger")
                ? "file is \(refusal.reason)" : "cannot read the file: it is \(refusal.reason)"
            return .failure(
                DiagnosticList([
                    Diagnostic(
                        file: file, line: 1, column: 1, message: message,
                        expected: "a regular, readable YAML file of at most 1 MiB")
                ]))
        }
    }

    /// Checks bytes said to come from `file` (size, UTF-8, line ends).
    public static func checked(bytes: Data, file: String) -> Result<SourceText, DiagnosticList> {
        func failure(_ line: Int, _ column: Int, _ message: String, _ expected: String) -> Result<
            SourceText, DiagnosticList
        > {
            .failure(
                DiagnosticList([
                    Diagnostic(file: file, line: line, column: column, message: message, expected: expected)
                ]))
        }
        if bytes.count > Limits.fileBytes {
            return failure(1, 1, "file is larger than \(Limits.fileBytes / 1024) KiB", "a YAML file of at most 1 MiB")
        }
        if let bad = firstInvalidUTF8(in: bytes) {
            let position = LineEnds.position(ofByte: bad.offset, in: bytes)
            return failure(
                position.line, position.column,
                "invalid UTF-8 byte 0x\(String(bad.byte, radix: 16, uppercase: true)) at byte offset \(bad.offset)",
                "UTF-8 text (save the file as UTF-8)")
        }
        let text: String
        switch LineEnds.normalize(String(decoding: bytes, as: UTF8.self)) {
        case .success(let normalized): text = normalized
        case .failure(let unusual):
            return failure(
                unusual.line, unusual.column, "unusual line break \(unusual.name)",
                "ordinary line ends (LF or CRLF); retype the line break here")
        }
        let hash = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        return .success(SourceText(file: file, text: text, contentHash: hash))
    }

    /// The offset and value of the first byte that does not start or continue valid UTF-8.
    public static func firstInvalidUTF8(in bytes: some Collection<UInt8>) -> (offset: Int, byte: UInt8)? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error:
                return (offset, bytes[bytes.index(bytes.startIndex, offsetBy: offset)])
            case .emptyInput: return nil
            }
        }
    }
}

/// Path handling shared by the loaders: every path in a diagnostic or a loaded value is absolute.
enum FormatPaths {
    static func absolute(_ path: String) -> String {
        let url =
            path.hasPrefix("/")
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
