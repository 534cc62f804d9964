import StepwiseBackground
import StepwiseCore

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

/// Writes quality records and skills off the event path, on a background worker
/// (`BackgroundWork`, drained by `QualityLogDrain`).
///
/// The event path hands records over under the work's priority-inheriting lock, held only to
/// move records in or out of the queue, never during disk I/O: when the real-time event thread
/// finds the lock taken, the low-priority worker holding it runs at the event thread's priority
/// until it lets go (with a plain mutex it could sit preempted for milliseconds while the event
/// thread waits — measured by `stepwise bench render`). Callers that wait for the disk (`flush`,
/// `close`) sleep on the work's condition, which the event path never touches. Call `close()`
/// when done: the worker keeps running until then.
///
/// While failing, the writer probes the log with the same backoff even when nothing is queued,
/// so a log unusable at start (missing folder, read-only, no room to create it) is a fault that
/// clears by itself. With a `spill` file, what is still queued when it closes on a failing disk
/// goes there, and the first writer to open the log afterwards imports it.
public final class QualityLogWriter: Sendable {
    /// The log file written to. It is opened by the worker, and reopened after every failure, so
    /// a missing directory or a replaced file heals once the path is usable again.
    public let path: String
    private let spill: SpillFile?
    private let work: BackgroundWork<Shared, Never>

    /// What the event path and the worker share.
    struct Shared {
        var pending: PendingRecords
        var failing = false
        var retryRequested = false
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

    /// Starts the worker, writing to `path` through `log` if it is already open there (nil: the
    /// worker opens it). `onFault` is called on the worker with a message when writing starts
    /// failing, and with nil when it works again; once per change, not per attempt.
    public init(
        path: String, log: QualityLog? = nil, bound: Int = 100_000, batchSize: Int = 1_000,
        retry: RetryPolicy = .init(), spill: SpillFile? = nil, onFault: @escaping @Sendable (String?) -> Void
    ) {
        self.path = path
        self.spill = spill
        let drain = QualityLogDrain(
            path: path, openedLog: log, onFault: onFault, retry: retry, batchSize: max(1, batchSize), spill: spill)
        work = BackgroundWork(name: "stepwise.log", state: Shared(pending: PendingRecords(bound: bound))) {
            drain.run($0)
        }
    }

    /// Same as `submit(records:skill:)`.
    public func submit(_ records: [QualityRecord], skill: WorkerSkill? = nil) {
        submit(records: records, skill: skill)
    }

    /// Queues `records` (and the worker's newest `skill`) for writing. Never touches the disk;
    /// after `close()` the records are counted in `droppedRecords`.
    public func submit(records: [QualityRecord], skill: WorkerSkill? = nil) {
        work.submit { shared in
            shared.pending.add(records, skill: skill)
            // After close nobody drains the queue: count the records as dropped instead of hoarding them.
            if shared.finished { _ = shared.pending.abandon() }
        }
    }

    /// Waits until everything submitted is on disk, or the writer is failing, or closed. Never
    /// on the event thread.
    public func flush() {
        work.wait { $0.pending.isEmpty || $0.failing || $0.finished }
    }

    /// Writes what is queued, then stops the worker. If the disk still fails, the queue goes to
    /// the spill file after one more attempt (or is given up without one) and `onFault` says so.
    /// Returns what was not written, so the caller never claims a flush that did not happen.
    @discardableResult
    public func close() -> WriterCloseOutcome {
        work.close()
        return work.withState {
            WriterCloseOutcome(notWritten: $0.pending.dropped, spilled: $0.spilled, spillPath: spill?.path)
        }
    }

    /// Tries a failing disk now instead of after the backoff (e.g. when storage was remounted).
    public func retryNow() {
        work.submit { $0.retryRequested = true }
    }

    /// Records dropped because the queue overflowed while the disk failed, or given up at close.
    public var droppedRecords: Int { work.withState { $0.pending.dropped } }
    /// Records imported from a spill file left by an earlier run.
    public var importedRecords: Int { work.withState { $0.imported } }
    /// Whether the last write attempt failed.
    public var isFailing: Bool { work.withState { $0.failing } }
}
