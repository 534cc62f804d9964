import Foundation
import Glibc
import StepwiseCore
import Synchronization

/// How long the writer waits before trying a failing disk again: `first`, doubling up to `longest`.
public struct RetryPolicy: Sendable {
    public var first: Double
    public var longest: Double
    public init(first: Double = 0.5, longest: Double = 30) {
        self.first = first
        self.longest = longest
    }
}

/// What became of the queue when the writer closed.
public struct WriterCloseOutcome: Sendable, Equatable {
    /// Records that reached neither the log nor the spill file (given up at close, or dropped
    /// earlier because the queue overflowed while the disk failed).
    public var notWritten: Int
    /// Records put in the spill file, to be imported at the next start.
    public var spilled: Int
    /// The spill file, when one is configured.
    public var spillPath: String?

    /// Everything submitted is in the log or the spill file.
    public var isComplete: Bool { notWritten == 0 }

    /// One line for the daemon's log: never claims a flush that did not happen.
    public var summary: String {
        var parts: [String] = []
        if spilled > 0, let spillPath {
            parts.append("\(spilled) records kept in '\(spillPath)', imported into the log at the next start")
        }
        if notWritten > 0 { parts.append("\(notWritten) records not written") }
        return parts.isEmpty ? "quality log flushed" : "quality log: " + parts.joined(separator: "; ")
    }
}

/// Writes quality records and skills off the event path, on its own thread.
///
/// The event path and the drain thread share the queue through `shared`, a `Mutex`: on Linux a
/// priority-inheriting futex, so when the real-time event thread finds the lock taken, the
/// low-priority drain thread holding it runs at the event thread's priority until it lets go
/// (with a plain mutex it could sit preempted for milliseconds while the event thread waits —
/// measured by `stepwise bench render`). The lock is held only to move records in or out of the
/// queue, never during disk I/O. The drain thread sleeps on `wake`; callers that wait for the
/// disk (`flush`, `close`) sleep on `settled`, which the event path never touches. Call
/// `close()` when done: the thread keeps the writer alive until then.
///
/// While failing, the writer probes the log with the same backoff even when nothing is queued,
/// so a log unusable at start (missing folder, read-only, no room to create it) is a fault that
/// clears by itself. With a `spill` file, what is still queued when it closes on a failing disk
/// goes there, and the first writer to open the log afterwards imports it.
public final class QualityLogWriter: Sendable {
    /// The log file written to. It is opened by the thread, and reopened after every failure, so
    /// a missing directory or a replaced file heals once the path is usable again.
    public let path: String
    private let onFault: @Sendable (String?) -> Void
    private let retry: RetryPolicy
    private let batchSize: Int
    /// A log opened by the caller, used until its first failure; read by the thread only.
    private let openedLog: QualityLog?
    private let spill: SpillFile?
    private let shared: Mutex<Shared>
    private let wake = DispatchSemaphore(value: 0)
    private let settled = NSCondition()

    /// What the event path and the drain thread share.
    private struct Shared {
        var pending: PendingRecords
        var failing = false
        var retryRequested = false
        var closing = false
        var finished = false
        /// Open (and import a spill) once at start even with nothing queued.
        var probe = true
        var spilled = 0
        var imported = 0
    }

    /// Writes through `log`, already opened by the caller (so a bad path fails at start-up);
    /// after a failure the writer reopens `log.path` itself.
    public convenience init(
        log: QualityLog, bound: Int = 100_000, batchSize: Int = 1_000, retry: RetryPolicy = .init(),
        spill: SpillFile? = nil, onFault: @escaping @Sendable (String?) -> Void
    ) {
        self.init(
            path: log.path, log: log, bound: bound, batchSize: batchSize, retry: retry, spill: spill,
            onFault: onFault)
    }

    /// Starts the drain thread, writing to `path` through `log` if it is already open there (nil:
    /// the thread opens it). `onFault` is called on that thread with a message when writing starts
    /// failing, and with nil when it works again; once per change, not per attempt.
    public init(
        path: String, log: QualityLog? = nil, bound: Int = 100_000, batchSize: Int = 1_000,
        retry: RetryPolicy = .init(), spill: SpillFile? = nil, onFault: @escaping @Sendable (String?) -> Void
    ) {
        self.path = path
        self.openedLog = log
        self.onFault = onFault
        self.retry = retry
        self.spill = spill
        self.batchSize = max(1, batchSize)
        self.shared = Mutex(Shared(pending: PendingRecords(bound: bound)))
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
        shared.withLock { shared in
            shared.pending.add(records, skill: skill)
            // After close nobody drains the queue: count the records as dropped instead of hoarding them.
            if shared.finished { _ = shared.pending.abandon() }
        }
        wake.signal()
    }

    /// Waits until everything submitted is on disk, or the writer is failing, or closed.
    public func flush() {
        waitUntil { $0.pending.isEmpty || $0.failing || $0.finished }
    }

    /// Writes what is queued, then stops the thread. If the disk still fails, the queue goes to
    /// the spill file after one more attempt (or is given up without one) and `onFault` says so.
    /// Returns what was not written, so the caller never claims a flush that did not happen.
    @discardableResult
    public func close() -> WriterCloseOutcome {
        shared.withLock { $0.closing = true }
        wake.signal()
        waitUntil { $0.finished }
        return shared.withLock {
            WriterCloseOutcome(notWritten: $0.pending.dropped, spilled: $0.spilled, spillPath: spill?.path)
        }
    }

    /// Tries a failing disk now instead of after the backoff (e.g. when storage was remounted).
    public func retryNow() {
        shared.withLock { $0.retryRequested = true }
        wake.signal()
    }

    /// Records dropped because the queue overflowed while the disk failed, or given up at close.
    public var droppedRecords: Int { shared.withLock { $0.pending.dropped } }
    /// Records imported from a spill file left by an earlier run.
    public var importedRecords: Int { shared.withLock { $0.imported } }
    /// Whether the last write attempt failed.
    public var isFailing: Bool { shared.withLock { $0.failing } }

    /// Sleeps on `settled` until `done` holds. The drain thread changes `shared` before it
    /// broadcasts under `settled`'s lock, and the check runs under that lock: no lost wake-up.
    private func waitUntil(_ done: (Shared) -> Bool) {
        settled.lock()
        while !shared.withLock({ done($0) }) { settled.wait() }
        settled.unlock()
    }

    /// Tells `flush` and `close` that the shared state changed.
    private func announce() {
        settled.lock()
        settled.broadcast()
        settled.unlock()
    }

    // MARK: - The drain thread

    private func drain() {
        Self.lowerThreadPriority()
        var log = openedLog
        var delay = retry.first
        var spillImported = spill == nil
        while let batch = nextBatch() {
            do {
                let open = try log ?? QualityLog(path: path)
                log = open
                try open.checkFileInPlace()
                if !spillImported {
                    try importSpill(into: open)
                    spillImported = true
                }
                if !batch.records.isEmpty || !batch.skills.isEmpty {
                    try open.append(batch.records, skills: batch.skills)
                }
                written(batch)
                delay = retry.first
            } catch {
                log = nil  // reopen next time: the file may be replaced or its directory recreated
                failed(error)
                if shared.withLock({ $0.closing }) {
                    giveUp()
                    break
                }
                pause(delay)
                delay = min(delay * 2, retry.longest)
            }
        }
        shared.withLock { $0.finished = true }
        announce()
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

    /// The next batch to write, sleeping while there is none; nil once closing with nothing left.
    /// While failing (and once at start) an empty batch: an attempt that only opens the log.
    /// A `wake` signal may be stale (one per submit): an empty queue just sleeps again.
    private func nextBatch() -> PendingRecords.Batch? {
        while true {
            let next: PendingRecords.Batch?? = shared.withLock { shared in
                if !shared.pending.isEmpty { return .some(shared.pending.batch(limit: batchSize)) }
                if shared.probe || (shared.failing && !shared.closing) {
                    shared.probe = false
                    return .some(shared.pending.batch(limit: 0))
                }
                if shared.closing { return .some(nil) }
                return nil
            }
            if let next { return next }
            wake.wait()
        }
    }

    private func written(_ batch: PendingRecords.Batch) {
        let recovered = shared.withLock { shared in
            shared.pending.remove(batch)
            defer { shared.failing = false }
            return shared.failing
        }
        announce()
        if recovered { onFault(nil) }
    }

    private func failed(_ error: any Error) {
        let (first, queued) = shared.withLock { shared in
            defer { shared.failing = true }
            return (!shared.failing, shared.pending.records.count)
        }
        announce()
        if first {
            onFault("quality log '\(path)' cannot be written: \(error); keeping \(queued) records and retrying")
        }
    }

    /// A timed wait, woken early by `retryNow()` or `close()`; a submit's wake-up waits on.
    private func pause(_ seconds: Double) {
        let deadline = DispatchTime.now() + seconds
        while wake.wait(timeout: deadline) == .success {
            if shared.withLock({ $0.closing || $0.retryRequested }) { break }
        }
        shared.withLock { $0.retryRequested = false }
    }

    /// Closing on a failing disk: the queue goes to the spill file if there is one and it takes
    /// it; otherwise it is lost, and counted.
    private func giveUp() {
        let (records, skills) = shared.withLock { $0.pending.takeAll() }
        guard !records.isEmpty || !skills.isEmpty else { return }
        do {
            guard let spill else { throw LogError.cannotSpill(path: "", reason: "no spill folder configured") }
            try spill.append(records: records, skills: skills)
            shared.withLock { $0.spilled += records.count }
            onFault("quality log '\(path)' closed while failing; \(records.count) records kept in '\(spill.path)'")
        } catch {
            shared.withLock { $0.pending.countDropped(records.count) }
            let reason = spill == nil ? "" : " (\(error))"
            onFault("quality log '\(path)' closed while failing; \(records.count) records were not written\(reason)")
        }
    }

    /// Puts a spill left by an earlier run into the log, in one transaction, then removes it.
    /// A crash between the two would import it twice; the window is one unlink.
    private func importSpill(into log: QualityLog) throws {
        guard let spill, let contents = try spill.read() else { return }
        try log.append(contents.records, skills: contents.skills)
        try spill.remove()
        shared.withLock { $0.imported += contents.records.count }
    }
}
