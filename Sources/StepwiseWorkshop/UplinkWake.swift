import Glibc

/// What the uplink waits on between batches, in one `poll`: the log's folder changing (inotify:
/// the daemon's commits touch the `-wal` file), a stop signal (SIGTERM, SIGINT through a
/// self-pipe, so it also reaches a process whose main thread libdispatch parks with no signals
/// blocked), a stop asked for in this process (`requestStop`: the fleet benchmark runs many uplinks
/// in one process and stops each on its own), and a bounded timeout. No busy polling: a quiet
/// station's uplink sleeps.
public final class UplinkWake: @unchecked Sendable {
    public enum Reason: Sendable, Equatable { case logChanged, timeout, stop }

    private let inotify: Int32
    private let stopRead: Int32
    /// This wake's own stop: a pipe whose byte is never drained, like the signals' one.
    private let ownStop: (read: Int32, write: Int32)

    /// Watches the folder of `logPath` and catches SIGTERM and SIGINT from now on.
    public init(logPath: String) throws {
        let folder = logPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        inotify = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
        guard inotify >= 0 else { throw CentralError.refused("inotify_init1: errno \(errno)") }
        let mask = UInt32(IN_MODIFY) | UInt32(IN_CREATE) | UInt32(IN_MOVED_TO) | UInt32(IN_CLOSE_WRITE)
        guard inotify_add_watch(inotify, folder.isEmpty ? "." : folder, mask) >= 0 else {
            throw CentralError.refused("cannot watch \(folder.isEmpty ? "." : folder): errno \(errno)")
        }
        stopRead = StopSignals.install()
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            close(inotify)
            throw CentralError.refused("pipe: errno \(errno)")
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        ownStop = (ends[0], ends[1])
    }

    deinit {
        close(inotify)
        close(ownStop.read)
        close(ownStop.write)
    }

    /// Stops this wake's uplink only, as a stop signal would: the batch in flight finishes first.
    public func requestStop() {
        var byte: UInt8 = 1
        _ = write(ownStop.write, &byte, 1)
    }

    /// Blocks until the log changes (when `watchingLog`), a stop signal arrives, or `seconds` pass.
    /// Drains what woke it, so the next wait sleeps again.
    public func wait(seconds: Double, watchingLog: Bool) -> Reason {
        var fds = [stopRead, ownStop.read].map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        if watchingLog { fds.append(pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)) }
        let timeout = Int32(min(max(0, seconds), 86_400) * 1000)
        let ready = poll(&fds, nfds_t(fds.count), timeout)
        if ready > 0, fds[0].revents != 0 || fds[1].revents != 0 { return .stop }
        guard ready > 0 else { return stopRequested ? .stop : .timeout }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while read(inotify, &buffer, buffer.count) > 0 {}
        return .logChanged
    }

    /// True once SIGTERM or SIGINT arrived or `requestStop` was called (checked between batches as well).
    public var stopRequested: Bool {
        var fds = [stopRead, ownStop.read].map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        return poll(&fds, 2, 0) > 0
    }
}

/// SIGTERM and SIGINT as a readable pipe: the handler writes one byte, which is never drained,
/// so every later wait sees the stop too.
private enum StopSignals {
    nonisolated(unsafe) static var writeEnd: Int32 = -1
    nonisolated(unsafe) static var readEnd: Int32 = -1

    static func install() -> Int32 {
        if readEnd >= 0 { return readEnd }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return -1 }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        readEnd = ends[0]
        writeEnd = ends[1]
        var action = sigaction()
        action.__sigaction_handler = unsafeBitCast(
            stopHandler as @convention(c) (Int32) -> Void, to: sigaction.__Unnamed_union___sigaction_handler.self)
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        sigaction(SIGTERM, &action, nil)
        sigaction(SIGINT, &action, nil)
        return readEnd
    }
}

private func stopHandler(_ signal: Int32) {
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(StopSignals.writeEnd, &byte, 1)
}
