import StepwiseBackground
import StepwiseCore

/// The quality-log writer's worker: takes batches from the shared queue, writes them to SQLite,
/// and on a failing disk retries with backoff, spills at close, and says so through `onFault`.
struct QualityLogDrain: Sendable {
    typealias Work = BackgroundWork<QualityLogWriter.Shared, Never>

    let path: String
    /// A log opened by the caller, used until its first failure.
    let openedLog: QualityLog?
    let onFault: @Sendable (String?) -> Void
    let retry: RetryPolicy
    let batchSize: Int
    let spill: SpillFile?

    func run(_ work: Work) {
        var log = openedLog
        var delay = retry.first
        var spillImported = spill == nil
        while let batch = work.next({ shared, closing in nextBatch(&shared, closing: closing) }) ?? nil {
            do {
                let open = try log ?? QualityLog(path: path)
                log = open
                try open.checkFileInPlace()
                if !spillImported {
                    try importSpill(into: open, work)
                    spillImported = true
                }
                if !batch.records.isEmpty || !batch.skills.isEmpty {
                    try open.append(batch.records, skills: batch.skills)
                }
                written(batch, work)
                delay = retry.first
            } catch {
                log = nil  // reopen next time: the file may be replaced or its directory recreated
                failed(error, work)
                if work.isClosing {
                    giveUp(work)
                    break
                }
                pause(delay, work)
                delay = min(delay * 2, retry.longest)
            }
        }
        work.settle { $0.finished = true }
    }

    /// The next batch to write; `.some(nil)` once closing with nothing left, nil (sleep) when
    /// there is nothing to do. While failing (and once at start) an empty batch: an attempt that
    /// only opens the log.
    private func nextBatch(_ shared: inout QualityLogWriter.Shared, closing: Bool) -> PendingRecords.Batch?? {
        if !shared.pending.isEmpty { return .some(shared.pending.batch(limit: batchSize)) }
        if shared.probe || (shared.failing && !closing) {
            shared.probe = false
            return .some(shared.pending.batch(limit: 0))
        }
        return closing ? .some(nil) : nil
    }

    private func written(_ batch: PendingRecords.Batch, _ work: Work) {
        let recovered = work.settle { shared in
            shared.pending.remove(batch)
            defer { shared.failing = false }
            return shared.failing
        }
        if recovered { onFault(nil) }
    }

    private func failed(_ error: any Error, _ work: Work) {
        let (first, queued) = work.settle { shared in
            defer { shared.failing = true }
            return (!shared.failing, shared.pending.records.count)
        }
        if first {
            onFault("quality log '\(path)' cannot be written: \(error); keeping \(queued) records and retrying")
        }
    }

    /// A timed wait, ended early by `retryNow()` or `close()`; a submit's wake-up waits on.
    private func pause(_ seconds: Double, _ work: Work) {
        _ = work.next(until: MonotonicClock.seconds() + seconds) { shared, closing in
            closing || shared.retryRequested ? () : nil
        }
        work.withState { $0.retryRequested = false }
    }

    /// Closing on a failing disk: the queue goes to the spill file if there is one and it takes
    /// it; otherwise it is lost, and counted.
    private func giveUp(_ work: Work) {
        let (records, skills) = work.withState { $0.pending.takeAll() }
        guard !records.isEmpty || !skills.isEmpty else { return }
        do {
            guard let spill else { throw LogError.cannotSpill(path: "", reason: "no spill folder configured") }
            try spill.append(records: records, skills: skills)
            work.withState { $0.spilled += records.count }
            onFault("quality log '\(path)' closed while failing; \(records.count) records kept in '\(spill.path)'")
        } catch {
            work.withState { $0.pending.countDropped(records.count) }
            let reason = spill == nil ? "" : " (\(error))"
            onFault("quality log '\(path)' closed while failing; \(records.count) records were not written\(reason)")
        }
    }

    /// Puts a spill left by an earlier run into the log, in one transaction, then removes it.
    /// A crash between the two would import it twice; the window is one unlink.
    private func importSpill(into log: QualityLog, _ work: Work) throws {
        guard let spill, let contents = try spill.read() else { return }
        try log.append(contents.records, skills: contents.skills)
        try spill.remove()
        work.withState { $0.imported += contents.records.count }
    }
}
