import Foundation
import Glibc
import StepwiseCore

/// Where the writer puts what it could not write to the log when it has to stop (the disk still
/// full or the log unreachable at shutdown): a second location, chosen by the operator, so the
/// records outlive the process. One JSON object per line, `{"record":…}` or `{"skill":…}`, only
/// ever appended; the next writer to open the log imports it and then removes it.
public struct SpillFile: Sendable {
    /// The file, `<directory>/<log file name>.spill.jsonl`: one spill per log.
    public let path: String

    public init(directory: String, logPath: String) {
        let name = (logPath as NSString).lastPathComponent
        path = (directory as NSString).appendingPathComponent(name + ".spill.jsonl")
    }

    /// What a spill file holds.
    struct Contents {
        var records: [QualityRecord] = []
        var skills: [WorkerSkill] = []
        /// Lines that did not decode (a line torn by a crash while spilling); left out.
        var unreadableLines = 0
    }

    /// One line of the file: exactly one of the two is set.
    private struct Line: Codable {
        var record: QualityRecord?
        var skill: WorkerSkill?
    }

    /// Appends `records` and `skills` and syncs them to disk; throws when they are not all there.
    /// The file is private (0600): it holds what the log holds.
    func append(records: [QualityRecord], skills: [WorkerSkill]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var bytes = Data()
        for line in records.map({ Line(record: $0) }) + skills.map({ Line(skill: $0) }) {
            bytes.append(try encoder.encode(line))
            bytes.append(0x0A)
        }
        // Non-blocking: a FIFO without a reader fails the open instead of blocking the writer.
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        guard fd >= 0 else { throw spillError("open", errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw LogError.cannotSpill(path: path, reason: "not a regular file")
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw spillError("write", errno) }
            offset += written
        }
        guard fsync(fd) == 0 else { throw spillError("fsync", errno) }
    }

    /// The spilled records and skills, in the order spilled; nil when there is no spill file.
    func read() throws -> Contents? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw spillError("stat", errno)
        }
        // A FIFO would block the writer thread for good, a link would import someone else's file.
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw LogError.cannotSpill(path: path, reason: "not a regular file")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw spillError("read", errno) }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var contents = Contents()
        for line in data.split(separator: 0x0A) where !line.isEmpty {
            guard let decoded = try? decoder.decode(Line.self, from: line) else {
                contents.unreadableLines += 1
                continue
            }
            if let record = decoded.record { contents.records.append(record) }
            if let skill = decoded.skill { contents.skills.append(skill) }
        }
        return contents
    }

    /// Removes the file once the log holds its contents.
    func remove() throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw spillError("unlink", errno) }
    }

    private func spillError(_ call: String, _ code: Int32) -> LogError {
        .cannotSpill(path: path, reason: "\(call): \(String(cString: strerror(code)))")
    }
}
