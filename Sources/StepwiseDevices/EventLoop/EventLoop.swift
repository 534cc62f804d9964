import CLinuxShims
import Glibc

/// The real-time path's one loop: epoll over sensor descriptors, one timerfd for every deadline,
/// signalfd for signals and an eventfd to be woken from other threads. It sleeps in
/// `epoll_wait(-1)` until something happens, so an idle station uses no CPU: `iterations` counts
/// the wake-ups to show it.
///
/// Owned by one thread: create it, register, `run()` and `close()` on that thread. Only a
/// `Waker` crosses threads. Not `Sendable` on purpose.
public final class EventLoop {
    /// epoll token of the shared timerfd; watch tokens start at 1.
    private static let timerToken: UInt64 = 0
    private static let capacity: Int32 = 64

    private let epoll: Int32
    private let timerFD: Int32
    private var handlers: [UInt64: () -> Void] = [:]
    private var nextWatchID: UInt64 = 1
    private var timers = TimerQueue<() -> Void>()
    private var armedDeadline: MonotonicInstant?
    var ownedFDs: [Int32] = []
    private var previousSignalMask: sigset_t?
    /// Signals whose handler forwards them to the loop (see `forwardUnblockedSignals`).
    var forwardedSignals: [Int32] = []
    /// Ready tokens of one `epoll_wait`, allocated once so dispatch allocates nothing.
    private var ready = [UInt64](repeating: 0, count: Int(EventLoop.capacity))
    private var running = false
    private var closed = false

    /// How often `epoll_wait` returned: an idle loop does not count up.
    public private(set) var iterations = 0
    /// The error that ended `run()` early, if any (EINTR never does).
    public private(set) var lastError: DeviceError?

    public init() throws(DeviceError) {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else {
            throw .system("epoll", "epoll_create1", errno: errno, expected: "a Linux kernel with epoll")
        }
        timerFD = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_CLOEXEC) | Int32(TFD_NONBLOCK))
        guard timerFD >= 0 else {
            let code = errno
            Glibc.close(epoll)
            throw .system("timerfd", "timerfd_create", errno: code, expected: "a Linux kernel with timerfd")
        }
        guard stepwise_epoll_add(epoll, timerFD, EPOLLIN.rawValue, Self.timerToken) == 0 else {
            let code = errno
            Glibc.close(timerFD)
            Glibc.close(epoll)
            throw .system("epoll", "epoll_ctl(timerfd)", errno: code, expected: "a pollable timerfd")
        }
    }

    deinit { close() }

    /// Calls `onReadable` each time `fd` has data (level-triggered EPOLLIN): a handler that does
    /// not read everything is called again on the next turn. The caller keeps owning `fd`.
    public func watch(fd: Int32, onReadable: @escaping () -> Void) throws(DeviceError) -> WatchToken {
        try watch(fd: fd, readable: true, writable: false, onReady: onReadable)
    }

    /// Like `watch(fd:onReadable:)`, for descriptors that may also wait to be writable (libusb's
    /// pollfds ask for POLLOUT): `onReady` runs when any requested condition holds.
    public func watch(fd: Int32, readable: Bool, writable: Bool, onReady: @escaping () -> Void) throws(DeviceError)
        -> WatchToken
    {
        let events = (readable ? EPOLLIN.rawValue : 0) | (writable ? EPOLLOUT.rawValue : 0)
        let id = nextWatchID
        guard stepwise_epoll_add(epoll, fd, events, id) == 0 else {
            throw .system("fd \(fd)", "epoll_ctl(ADD)", errno: errno, expected: "an open, pollable descriptor")
        }
        nextWatchID += 1
        handlers[id] = onReady
        return WatchToken(id: id, fd: fd)
    }

    /// Stops watching; call before closing the descriptor.
    public func unwatch(_ token: WatchToken) {
        guard handlers.removeValue(forKey: token.id) != nil else { return }
        _ = stepwise_epoll_remove(epoll, token.fd)
    }

    /// Runs `handler` once, on the loop, when CLOCK_MONOTONIC reaches `deadline`. All deadlines
    /// share one timerfd armed for the earliest; a deadline in the past fires on the next turn.
    @discardableResult
    public func schedule(at deadline: MonotonicInstant, _ handler: @escaping () -> Void) -> TimerToken {
        let id = timers.insert(handler, at: deadline)
        armTimer()
        return TimerToken(id: id)
    }

    /// Forgets a deadline that has not fired yet; harmless afterwards.
    public func cancel(_ token: TimerToken) {
        if timers.cancel(token.id) { armTimer() }
    }

    /// Delivers `signals` (SIGTERM, SIGHUP …) to `handler` on the loop through a signalfd. Blocks
    /// them for the calling thread, which must be the loop's thread (and, for process-directed
    /// signals, should be set up before other threads start so they inherit the mask).
    public func onSignals(_ signals: [Int32], _ handler: @escaping (Int32) -> Void) throws(DeviceError) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        var old = sigset_t()
        guard pthread_sigmask(SIG_BLOCK, &set, &old) == 0 else {
            throw DeviceError(
                device: "signals", kind: .system, message: "pthread_sigmask failed; expected valid signal numbers")
        }
        if previousSignalMask == nil { previousSignalMask = old }
        let fd = signalfd(-1, &set, Int32(SFD_CLOEXEC) | Int32(SFD_NONBLOCK))
        guard fd >= 0 else {
            throw .system("signalfd", "signalfd", errno: errno, expected: "a Linux kernel with signalfd")
        }
        ownedFDs.append(fd)
        _ = try watch(fd: fd) {
            var info = signalfd_siginfo()
            while read(fd, &info, MemoryLayout<signalfd_siginfo>.size) == MemoryLayout<signalfd_siginfo>.size {
                handler(Int32(bitPattern: info.ssi_signo))
            }
        }
        try forwardUnblockedSignals(signals, to: handler)
    }

    /// A `Waker` that runs `handler` on the loop; several `wake()`s before the loop turns
    /// coalesce into one call.
    public func makeWaker(_ handler: @escaping () -> Void) throws(DeviceError) -> Waker {
        let fd = eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))
        guard fd >= 0 else {
            throw .system("eventfd", "eventfd", errno: errno, expected: "a Linux kernel with eventfd")
        }
        ownedFDs.append(fd)
        _ = try watch(fd: fd) {
            var count: UInt64 = 0
            _ = read(fd, &count, MemoryLayout<UInt64>.size)
            handler()
        }
        return Waker(fd: fd)
    }

    /// Sleeps in `epoll_wait` and dispatches handlers until `stop()` is called by one of them.
    public func run() {
        running = true
        while running && !closed {
            let count = ready.withUnsafeMutableBufferPointer {
                stepwise_epoll_wait_tokens(epoll, $0.baseAddress, Self.capacity)
            }
            iterations += 1
            if count < 0 {
                if errno == EINTR { continue }
                lastError = .system("epoll", "epoll_wait", errno: errno, expected: "a valid epoll descriptor")
                break
            }
            for index in 0..<Int(count) where running { dispatch(ready[index]) }
        }
        running = false
    }

    /// Makes `run()` return after the current handler. Call it on the loop (from a handler);
    /// from another thread, wake the loop with a `Waker` whose handler calls `stop()`.
    public func stop() { running = false }

    /// Closes the loop's own descriptors and restores the signal mask; call on the loop's thread.
    public func close() {
        guard !closed else { return }
        closed = true
        handlers.removeAll()
        stopForwardingSignals()
        for fd in ownedFDs { Glibc.close(fd) }
        Glibc.close(timerFD)
        Glibc.close(epoll)
        if var old = previousSignalMask { pthread_sigmask(SIG_SETMASK, &old, nil) }
    }

    private func dispatch(_ token: UInt64) {
        if token == Self.timerToken { fireDueTimers() } else { handlers[token]?() }
    }

    private func fireDueTimers() {
        var expirations: UInt64 = 0
        _ = read(timerFD, &expirations, MemoryLayout<UInt64>.size)
        armedDeadline = nil  // a one-shot timerfd is disarmed once it fired
        let now = MonotonicInstant.now()
        while let handler = timers.popDue(at: now) { handler() }
        armTimer()
    }

    /// Arms the timerfd for the earliest deadline (absolute), or disarms it when none is left.
    private func armTimer() {
        let earliest = timers.earliest()
        guard earliest != armedDeadline, !closed else { return }
        var spec = itimerspec()
        if let earliest {
            let ns = max(earliest.nanoseconds, 1)  // all-zero would disarm instead of firing now
            spec.it_value = timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000))
        }
        timerfd_settime(timerFD, Int32(TFD_TIMER_ABSTIME), &spec, nil)
        armedDeadline = earliest
    }
}
