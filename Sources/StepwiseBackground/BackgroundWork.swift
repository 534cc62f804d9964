internal import CLinuxShims
import Glibc

/// Work handed from the event thread to one low-priority worker thread, and results handed back.
///
/// The way in: `submit` changes the shared `State` under a priority-inheriting lock (see
/// `PriorityInheritingLock`) and bumps an eventfd the worker sleeps on. The event thread never
/// waits on a condition variable (glibc's signal path can itself block on the condvar's internal
/// lock) and never waits for the worker: a lock held only to move values, and one `write(2)` when the worker sleeps.
/// The way back: `results`, a `LoopMailbox` whose eventfd the runtime's loop watches.
///
/// `State` is the client's queue, a value type, so what coalesces (the newest damage, one
/// request per worker) is decided by the client's own mutations under the lock. Threads that may
/// block (a `flush` from a worker, shutdown) wait with `wait(until:)`, which the worker wakes
/// with `settle`. The worker thread keeps this object alive until its body returns.
public final class BackgroundWork<State, Result: Sendable>: @unchecked Sendable {
    // @unchecked: `state`, `closing` and `finished` are only touched under `lock`.
    private let lock = PriorityInheritingLock()
    private var state: State
    private var closing = false
    private var finished = false
    /// True while the worker sleeps (or is about to) on `wakeFD`: only then does a `submit` pay
    /// for the `write(2)`. A busy worker sees the change when it next takes under the lock.
    private var sleeping = false
    /// The worker sleeps on it; bumped by a `submit` that finds it asleep, and by every `wake` and `close`.
    private let wakeFD: Int32
    /// What the worker hands back to the loop.
    public let results = LoopMailbox<Result>()

    /// Starts the worker thread `name` (at most 15 characters are kept), lowered in priority, that runs `body`.
    public init(
        name: String, state: State, stackBytes: Int? = nil,
        body: @escaping @Sendable (BackgroundWork<State, Result>) -> Void
    ) {
        self.state = state
        wakeFD = eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))
        precondition(wakeFD >= 0, "eventfd failed (errno \(errno)): expected free file descriptors")
        WorkerThread.start(name: name, stackBytes: stackBytes) { [self] in
            WorkerPriority.lowerCurrentThread()
            body(self)
            lock.withLock {
                finished = true
                lock.broadcast()
            }
        }
    }

    deinit { Glibc.close(wakeFD) }

    // MARK: - Any thread, the event thread included

    /// Changes the shared state and wakes the worker. Returns what `change` returns.
    @discardableResult
    public func submit<R>(_ change: (inout State) -> R) -> R {
        let (answer, asleep) = lock.withLock {
            defer { sleeping = false }
            return (change(&state), sleeping)
        }
        if asleep { EventCounter.signal(wakeFD) }
        return answer
    }

    /// Reads or changes the shared state without waking the worker.
    public func withState<R>(_ body: (inout State) -> R) -> R {
        lock.withLock { body(&state) }
    }

    /// Wakes the worker without a change (e.g. to end a timed wait early).
    public func wake() { EventCounter.signal(wakeFD) }

    // MARK: - Threads that may block (never the event thread)

    /// Sleeps until `done` holds for the state, or the worker has finished.
    public func wait(until done: (State) -> Bool) {
        lock.withLock {
            while !finished && !done(state) { lock.wait() }
        }
    }

    /// Asks the worker to finish (its `next` sees `closing`) and waits until its body returned.
    public func close() {
        lock.withLock { closing = true }
        EventCounter.signal(wakeFD)
        lock.withLock {
            while !finished { lock.wait() }
        }
    }

    /// True once the worker's body returned.
    public var isFinished: Bool { lock.withLock { finished } }

    // MARK: - The worker thread

    /// Waits for work: `take` runs under the lock each time the worker is woken, with whether
    /// `close` was called, and the first non-nil answer is returned. With a `deadline`
    /// (`MonotonicClock.seconds`), nil once it has passed.
    public func next<T>(until deadline: Double? = nil, _ take: (inout State, _ closing: Bool) -> T?) -> T? {
        while true {
            let taken: T? = lock.withLock {
                let taken = take(&state, closing)
                // Set under the same lock as every change, so a submit after this sees it and
                // signals; the eventfd keeps that signal until the wait below reads it.
                sleeping = taken == nil
                return taken
            }
            if let taken { return taken }
            var milliseconds: Int32 = -1
            if let deadline {
                let left = deadline - MonotonicClock.seconds()
                if left <= 0 { return nil }
                milliseconds = Int32(min((left * 1000).rounded(.up), Double(Int32.max)))
            }
            EventCounter.wait(wakeFD, milliseconds: milliseconds)
        }
    }

    /// Changes the state and wakes every `wait(until:)`.
    @discardableResult
    public func settle<R>(_ change: (inout State) -> R) -> R {
        lock.withLock {
            defer { lock.broadcast() }
            return change(&state)
        }
    }

    /// Whether `close` was called.
    public var isClosing: Bool { lock.withLock { closing } }
}

/// CLOCK_MONOTONIC in seconds, for the worker's deadlines (never stepped by NTP).
public enum MonotonicClock {
    public static func seconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

/// A detached pthread, without Foundation.
enum WorkerThread {
    private final class Body {
        let run: () -> Void
        let name: String
        init(run: @escaping () -> Void, name: String) {
            self.run = run
            self.name = name
        }
    }

    static func start(name: String, stackBytes: Int?, _ run: @escaping @Sendable () -> Void) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        if let stackBytes { pthread_attr_setstacksize(&attributes, stackBytes) }
        let context = Unmanaged.passRetained(Body(run: run, name: String(name.utf8.prefix(15))!)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(
            &thread, &attributes,
            { context in
                let body = Unmanaged<Body>.fromOpaque(context!).takeRetainedValue()
                WorkerThread.nameCurrentThread(body.name)
                body.run()
                return nil
            }, context)
        // Fails only without memory or over the thread limit: the station cannot run then.
        precondition(created == 0, "pthread_create failed (\(created)): expected room for one more thread")
    }

    /// Names the calling thread for `top -H` and crash reports (`pthread_setname_np` needs
    /// _GNU_SOURCE, which Swift's Glibc module does not define; the kernel's comm file is the same call).
    static func nameCurrentThread(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { Glibc.close(fd) }
        _ = name.withCString { write(fd, $0, strlen($0)) }
    }
}
