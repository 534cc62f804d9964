import Foundation
import Glibc
import Logging

/// One running `stepwised` per quality log and per cell. Two daemons on one log would interleave
/// records for one cell, and two on one cell would draw over each other on one projector. The
/// lock is `flock` on a file beside the log, held while the process lives: the kernel releases it
/// when the process ends, however it ends (kill -9 included), so a stale file never blocks a start.
/// The holder writes its pid into the file, so the one refused can say which process to stop.
final class DaemonLock {
    let path: String
    private let fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    /// Closing the descriptor releases the lock.
    deinit { close(fd) }

    /// Why a lock was not taken.
    enum Refusal: Error {
        /// Another process holds it; its pid when it had written one.
        case held(pid: Int32?)
        /// The file could not be opened or locked (read-only or missing folder …).
        case unusable(String)
    }

    /// Takes the lock at `path`, creating the file (0600, never through a symlink) if needed.
    static func take(path: String) -> Result<DaemonLock, Refusal> {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return .failure(.unusable(String(cString: strerror(errno)))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            defer { close(fd) }
            guard code == EWOULDBLOCK else { return .failure(.unusable(String(cString: strerror(code)))) }
            return .failure(.held(pid: holder(fd)))
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.count, 0)
        return .success(DaemonLock(path: path, fd: fd))
    }

    /// The pid the holder wrote. It writes just after locking, so an empty file is read again
    /// for a moment (this runs at start, before the event loop exists).
    private static func holder(_ fd: Int32) -> Int32? {
        for _ in 0..<20 {
            var bytes = [UInt8](repeating: 0, count: 32)
            let count = pread(fd, &bytes, bytes.count, 0)
            let text = String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self)
            if let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return pid }
            usleep(10_000)
        }
        return nil
    }
}

extension Daemon {
    /// The log's lock file: `quality.sqlite` → `quality.sqlite.lock`.
    static func logLockPath(_ options: DaemonOptions) -> String { options.databasePath + ".lock" }

    /// The cell's lock file, in the log's folder (the one folder the service may write).
    static func cellLockPath(_ options: DaemonOptions, cell: String) -> String {
        let name = String(cell.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        return URL(fileURLWithPath: options.databasePath).deletingLastPathComponent()
            .appendingPathComponent("cell-\(name).lock").path
    }

    /// The quality log's lock, taken before anything opens the log.
    static func lockLog(_ options: DaemonOptions, logger: Logger) throws(DaemonLockHeld) -> DaemonLock? {
        try lock("the quality log \(options.databasePath)", at: logLockPath(options), logger: logger)
    }

    /// The cell's lock, taken once the cell file has said which cell this is.
    static func lockCell(_ cell: String, _ options: DaemonOptions, logger: Logger) throws(DaemonLockHeld) -> DaemonLock?
    {
        try lock("cell \(cell)", at: cellLockPath(options, cell: cell), logger: logger)
    }

    /// Takes the lock for `what` at `path`. Held by another process: the error names its pid and
    /// the daemon does not start. A lock file that cannot be made (read-only or missing folder) does
    /// not stop the station: the log writer reports that folder as a fault, and here a warning.
    private static func lock(_ what: String, at path: String, logger: Logger) throws(DaemonLockHeld) -> DaemonLock? {
        switch DaemonLock.take(path: path) {
        case .success(let lock): return lock
        case .failure(.held(let pid)):
            let holder = pid.map { "another stepwised (pid \($0))" } ?? "another stepwised"
            throw DaemonLockHeld(
                message:
                    "\(holder) is using \(what) (lock \(path)); stop that one first, or give this one another --db or --cell"
            )
        case .failure(.unusable(let reason)):
            logger.warning("cannot lock \(what) at \(path) (\(reason)): a second stepwised on it would not be refused")
            return nil
        }
    }
}

/// Another daemon holds a lock this one needs; `message` says which process and what to do.
struct DaemonLockHeld: Error, CustomStringConvertible {
    var message: String
    var description: String { "not started: \(message)" }
}
