import StepwiseBackground

/// The registry's worker: opens the file when needed, stores new bindings and spares, reads the
/// table back, and retries a failing disk with backoff.
struct PseudonymKeeper: Sendable {
    let path: String
    let file: PseudonymFile?

    func run(_ work: BackgroundWork<PseudonymMemory, String?>) {
        var file = self.file
        var delay = 0.5
        while let job = work.next({ memory, closing in memory.nextJob(closing: closing) }) ?? nil {
            do {
                let open = try file ?? PseudonymFile(path: path)
                file = open
                if job.retireSpares { try open.retireSpares() }
                try open.store(job.bindings, spares: PseudonymMemory.spareCount)
                let stamp = FileStamp(path: path)
                let contents = try open.contents()
                if work.settle({ $0.stored(job, contents: contents, stamp: stamp) }) { work.results.post(String?.none) }
                delay = 0.5
            } catch {
                let opened = file != nil
                if work.settle({ $0.failed(job, error, opened: opened) }) {
                    work.results.post("new badges cannot be stored in '\(path)': \(error); retrying")
                }
                if work.isClosing { break }
                _ = work.next(until: MonotonicClock.seconds() + delay) { _, closing in closing ? () : nil }
                delay = min(delay * 2, 30)
            }
        }
    }
}
