import Foundation
import Glibc
import StepwiseCore

/// How long the writer waits before trying a failing disk again: `first`, doubling up to `longest`.
public struct RetryPolicy: Sendable {
    public var first: Double
    public var longest: Double
    public init(first: Double = 0.5, longest: Double = 30) {
        self.first = first; self.longest = longest
    }
}

/// Writes quality records and skills off the event path, on its own thread.
///
/// `@unchecked Sendable` because the event path and the drain thread share the queue and the
/// flags below; every one of them is guarded by `condition` (an `NSCondition`), which the
/// compiler cannot see. The lock is held only to move records in or out of the queue, never
/// during disk I/O, so `submit` never waits for the disk. Call `close()` when done: the thread
/// keeps the writer alive until then.
public final class QualityLogWriter: @unchecked Sendable {
    /// The log file written to. It is opened by the thread, and reopened after every failure, so
    /// a missing directory or a replaced file heals once the path is usable again.
    public let path: String
    private let onFault: @Sendable (String?) -> Void
    private let retry: RetryPolicy
    private let batchSize: Int
    /// A log opened by the caller, used until its first failure; read by the thread only.
    private let openedLog: QualityLog?
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: PendingRecords
    private var failing = false
    private var retryRequested = false
    private var closing = false
    private var finished = false

    /// Starts the drain thread. `onFault` is called on that thread with a message when writing
    /// starts failing, and with nil when it works again; once per change, not per attempt.
    public convenience init(
        path: String, bound: Int = 100_000, batchSize: Int = 1_000, retry: RetryPolicy = .init(),
        onFault: @escaping @Sendable (String?) -> Void
    ) {
        self.init(path: path, log: nil, bound: bound, batchSize: batchSize, retry: retry, onFault: onFault)
    }

    /// Writes through `log`, already opened by the caller (so a bad path fails at start-up);
    /// after a failure the writer reopens `log.path` itself.
    public convenience init(
        log: QualityLog, bound: Int = 100_000, batchSize: Int = 1_000, retry: RetryPolicy = .init(),
        onFault: @escaping @Sendable (String?) -> Void
    ) {
        self.init(path: log.path, log: log, bound: bound, batchSize: batchSize, retry: retry, onFault: onFault)
    }

    private init(
        path: String, log: QualityLog?, bound: Int, batchSize: Int, retry: RetryPolicy,
        onFault: @escaping @Sendable (String?) -> Void
    ) {
        self.path = path; self.openedLog = log; self.onFault = onFault; self.retry = retry
        self.batchSize = max(1, batchSize)
        self.pending = PendingRecords(bound: bound)
        let thread = Thread { [self] in drain() }
        thread.name = "stepwise.quality-log"
        thread.start()
    }

    /// Same as `submit(records:skill:)`.
    public func submit(_ records: [QualityRecord], skill: WorkerSkill? = nil) {
        submit(records: records, skill: skill)
    }

    /// Queues `records` (and the worker's newest `skill`) for writing. Never touches the disk;
    /// after `close()` the records are counted in `droppedRecords`.
    public func submit(records: [QualityRecord], skill: WorkerSkill? = nil) {
        condition.lock()
        pending.add(records, skill: skill)
        // After close nobody drains the queue: count the records as dropped instead of hoarding them.
        if finished { _ = pending.abandon() }
        condition.signal()
        condition.unlock()
    }

    /// Waits until everything submitted is on disk, or the writer is failing, or closed.
    public func flush() {
        condition.lock()
        while !pending.isEmpty && !failing && !finished { condition.wait() }
        condition.unlock()
    }

    /// Writes what is queued, then stops the thread. If the disk still fails, the queue is given
    /// up after one more attempt and reported through `onFault`.
    public func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    /// Tries a failing disk now instead of after the backoff (e.g. when storage was remounted).
    public func retryNow() {
        condition.lock()
        retryRequested = true
        condition.broadcast()
        condition.unlock()
    }

    /// Records dropped because the queue overflowed while the disk failed, or given up at close.
    public var droppedRecords: Int { locked { pending.dropped } }
    /// Whether the last write attempt failed.
    public var isFailing: Bool { locked { failing } }

    // MARK: - The drain thread

    private func drain() {
        Self.lowerThreadPriority()
        var log = openedLog
        var delay = retry.first
        while let batch = nextBatch() {
            do {
                let open = try log ?? QualityLog(path: path)
                log = open
                try open.checkFileInPlace()
                try open.append(batch.records, skills: batch.skills)
                written(batch)
                delay = retry.first
            } catch {
                log = nil  // reopen next time: the file may be replaced or its directory recreated
                failed(error)
                if locked({ closing }) { giveUp(); break }
                pause(delay)
                delay = min(delay * 2, retry.longest)
            }
        }
        locked { finished = true; condition.broadcast() }
    }

    /// SQLite at the event thread's real-time priority would compete with it for the CPU: this
    /// thread drops to SCHED_OTHER and nice 10 (nice is per-thread on Linux); records wait a
    /// little, frames do not. Under systemd `CPUSchedulingResetOnFork=yes` already did the first
    /// and the unit's system-call filter refuses both calls, harmlessly.
    private static func lowerThreadPriority() {
        var normal = sched_param()
        normal.sched_priority = 0
        _ = pthread_setschedparam(pthread_self(), SCHED_OTHER, &normal)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
    }

    private func nextBatch() -> PendingRecords.Batch? {
        locked {
            while pending.isEmpty && !closing { condition.wait() }
            return pending.isEmpty ? nil : pending.batch(limit: batchSize)
        }
    }

    private func written(_ batch: PendingRecords.Batch) {
        let recovered = locked {
            pending.remove(batch)
            defer { failing = false; condition.broadcast() }
            return failing
        }
        if recovered { onFault(nil) }
    }

    private func failed(_ error: any Error) {
        let (first, queued) = locked {
            defer { failing = true; condition.broadcast() }
            return (!failing, pending.records.count)
        }
        if first {
            onFault("quality log '\(path)' cannot be written: \(error); keeping \(queued) records and retrying")
        }
    }

    /// A timed wait, woken early by `retryNow()` or `close()`; spurious wake-ups wait on.
    private func pause(_ seconds: Double) {
        let deadline = Date(timeIntervalSinceNow: seconds)
        locked {
            while !closing && !retryRequested && condition.wait(until: deadline) {}
            retryRequested = false
        }
    }

    private func giveUp() {
        let lost = locked { pending.abandon() }
        onFault("quality log '\(path)' closed while failing; \(lost) records were not written")
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }
}
