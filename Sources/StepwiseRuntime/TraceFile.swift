import Foundation
import StepwiseCore
import StepwiseFormats

/// Reads a trace file for `stepwise simulate` and `stepwised --replay`: a regular file only (a
/// FIFO or a device would block or never end), at most `maximumBytes`, UTF-8. Every refusal is a
/// `TraceError` naming the file (and, for a bad byte, its line and column), never a raw system error.
public enum TraceFile {
    /// 64 MiB: about three million events, far beyond a working week of recording.
    public static let maximumBytes = 64 << 20

    /// The parsed trace at `path`; with a `vocabulary`, names the station does not know are errors.
    public static func read(
        path: String, vocabulary: TraceVocabulary? = nil, maximumBytes: Int = maximumBytes
    ) throws(TraceError) -> Trace {
        let bytes = try self.bytes(path: path, maximumBytes: maximumBytes)
        return try trace(bytes, file: path, vocabulary: vocabulary)
    }

    /// The trace in `bytes`: invalid UTF-8 is an error at the line and column of the first bad byte.
    static func trace(_ bytes: [UInt8], file: String, vocabulary: TraceVocabulary?) throws(TraceError) -> Trace {
        if let bad = SourceText.firstInvalidUTF8(in: bytes) {
            let (line, column) = LineEnds.position(ofByte: bad.offset, in: bytes)
            let hex = String(bad.byte, radix: 16, uppercase: true)
            throw TraceError(
                file: file, line: line, column: column,
                message: "invalid UTF-8 byte 0x\(hex); expected UTF-8 text (save the trace as UTF-8)")
        }
        return try Trace(parsing: String(decoding: bytes, as: UTF8.self), file: file, vocabulary: vocabulary)
    }

    /// The file's bytes, read as every file format is (`RegularFile`: a non-blocking open, and
    /// `fstat` of the open descriptor decides the kind, so a FIFO swapped in after a check is refused).
    static func bytes(path: String, maximumBytes: Int) throws(TraceError) -> [UInt8] {
        switch RegularFile.read(path, maxBytes: maximumBytes) {
        case .success(let data): return [UInt8](data)
        case .failure(let refusal):
            let what =
                switch refusal.reason {
                case "missing": "no such file"
                case let reason where reason.hasPrefix("larger"):
                    "the file is larger than \(maximumBytes >> 20) MiB (\(maximumBytes) bytes)"
                case let reason where reason.hasPrefix("unreadable"): "the file is \(reason)"
                case let kind: "this is \(kind)"
                }
            throw TraceError(file: path, line: 1, column: 1, message: "\(what); expected a readable trace file")
        }
    }
}
