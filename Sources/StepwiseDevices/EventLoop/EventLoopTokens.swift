import Glibc

/// Identifies a watched descriptor; pass it to `EventLoop.unwatch`.
public struct WatchToken: Hashable, Sendable {
    let id: UInt64
    let fd: Int32
}

/// Identifies a scheduled deadline; pass it to `EventLoop.cancel`.
public struct TimerToken: Hashable, Sendable {
    let id: UInt64
}

/// Wakes an `EventLoop` from any thread (an eventfd write). Sendable because it holds only the
/// descriptor number; it must not be used after the loop is closed.
public struct Waker: Sendable {
    let fd: Int32

    /// Makes the loop run the waker's handler soon; never blocks.
    public func wake() {
        var one: UInt64 = 1
        _ = write(fd, &one, MemoryLayout<UInt64>.size)
    }
}
