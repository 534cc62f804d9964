import Foundation
import StepwiseCore

#if canImport(Glibc)
    import Glibc
#endif

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
        if let bad = firstInvalidUTF8(in: bytes) {
            let (line, column) = position(ofByte: bad, in: bytes)
            let hex = String(bytes[bad], radix: 16, uppercase: true)
            throw TraceError(
                file: file, line: line, column: column,
                message: "invalid UTF-8 byte 0x\(hex); expected UTF-8 text (save the trace as UTF-8)")
        }
        return try Trace(parsing: String(decoding: bytes, as: UTF8.self), file: file, vocabulary: vocabulary)
    }

    private static func refusal(_ file: String, _ what: String) -> TraceError {
        TraceError(file: file, line: 1, column: 1, message: "\(what); expected a readable trace file")
    }

    /// The file's bytes. The open never blocks and `fstat` of the open descriptor decides the
    /// kind, so a FIFO swapped in after any check is refused all the same.
    static func bytes(path: String, maximumBytes: Int) throws(TraceError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            throw refusal(
                path,
                errno == ENOENT || errno == ENOTDIR
                    ? "no such file" : "cannot open it (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw refusal(path, "cannot read it (\(String(cString: strerror(errno))))") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw refusal(path, "this is a folder")
        case S_IFIFO: throw refusal(path, "this is a FIFO (named pipe), which could block for ever")
        default: throw refusal(path, "this is not a regular file (a device or a socket)")
        }
        let tooLarge = refusal(path, "the file is larger than \(maximumBytes >> 20) MiB (\(maximumBytes) bytes)")
        guard Int(info.st_size) <= maximumBytes else { throw tooLarge }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count <= maximumBytes {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw refusal(path, "cannot read it (\(String(cString: strerror(errno))))") }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        // A file that grew while it was read is bounded all the same.
        guard bytes.count <= maximumBytes else { throw tooLarge }
        return bytes
    }

    /// The offset of the first byte that does not start or continue valid UTF-8.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    /// 1-based line and column (in characters) of the byte at `offset`, with lines ended by LF,
    /// CRLF or CR as the parser counts them.
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0, index = 0
        while index < offset {
            let byte = bytes[index]
            index += 1
            guard byte == 0x0A || byte == 0x0D else { continue }
            if byte == 0x0D, index < offset, bytes[index] == 0x0A { index += 1 }
            line += 1
            lineStart = index
        }
        var prefix = bytes[lineStart..<offset]
        if lineStart == 0, prefix.starts(with: [0xEF, 0xBB, 0xBF]) { prefix = prefix.dropFirst(3) }
        return (line, String(decoding: prefix, as: UTF8.self).count + 1)
    }
}
