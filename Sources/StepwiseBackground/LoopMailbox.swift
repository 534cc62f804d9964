internal import CLinuxShims
import Glibc

/// Messages from background threads to the event loop: posted under a priority-inheriting lock,
/// announced on an eventfd that the loop watches (`fd`). The loop calls `take()` when `fd` is
/// readable. It does not depend on the loop type, so the log and the renderer can use it; the
/// runtime attaches `fd` to its loop.
public final class LoopMailbox<Message: Sendable>: @unchecked Sendable {
    // @unchecked: `messages` is only touched under `lock`; the eventfd is made for sharing.
    /// Readable while messages wait; owned by the mailbox (closed with it).
    public let fd: Int32
    private let lock = PriorityInheritingLock()
    private var messages: [Message] = []

    public init() {
        fd = eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))
        // Fails only when the process is out of descriptors or memory: the station cannot run then.
        precondition(fd >= 0, "eventfd failed (errno \(errno)): expected free file descriptors")
    }

    deinit { Glibc.close(fd) }

    /// Any thread: queues `message` and makes `fd` readable. Never blocks beyond the lock.
    public func post(_ message: Message) {
        lock.withLock { messages.append(message) }
        EventCounter.signal(fd)
    }

    /// The loop: everything posted so far, oldest first. Resets `fd` first, so a message posted
    /// while this runs makes it readable again instead of being left behind.
    public func take() -> [Message] {
        EventCounter.reset(fd)
        return lock.withLock {
            defer { messages.removeAll(keepingCapacity: true) }
            return messages
        }
    }
}

/// The eventfd calls shared by the mailbox and the worker's wake-up.
enum EventCounter {
    static func signal(_ fd: Int32) {
        var one: UInt64 = 1
        // EAGAIN only when the counter is at its maximum: it is readable then anyway.
        while write(fd, &one, MemoryLayout<UInt64>.size) < 0 && errno == EINTR {}
    }

    static func reset(_ fd: Int32) {
        var count: UInt64 = 0
        while read(fd, &count, MemoryLayout<UInt64>.size) < 0 && errno == EINTR {}
    }

    /// Sleeps until `fd` is readable or `milliseconds` pass (-1: no limit), then resets it.
    static func wait(_ fd: Int32, milliseconds: Int32) {
        var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        if poll(&ready, 1, milliseconds) > 0 { reset(fd) }
    }
}
