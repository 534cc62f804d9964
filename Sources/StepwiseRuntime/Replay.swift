import Foundation
import StepwiseCore
import StepwiseDevices

/// Plays a recorded sensor trace into the running daemon, on the loop's timers (no sleeps),
/// for demos without a keyboard and for end-to-end checks.
final class Replay {
    private let trace: Trace
    private var next = 0
    private let start: MonotonicInstant
    private let speed: Double

    /// Reads the trace as `stepwise simulate` does: a regular UTF-8 file, any line ends, located
    /// errors; with a `vocabulary`, names the station does not know are refused too.
    init(path: String, speed: Double, vocabulary: TraceVocabulary? = nil) throws(TraceError) {
        trace = try TraceFile.read(path: path, vocabulary: vocabulary)
        start = MonotonicInstant.now()
        self.speed = max(0.01, speed)
    }

    /// Schedules the next entry; `feed` gets each entry at its time, `finished` after the last.
    func run(on loop: EventLoop, feed: @escaping (Trace.Entry) -> Void, finished: @escaping () -> Void) {
        guard next < trace.entries.count else { return finished() }
        let entry = trace.entries[next]
        _ = loop.schedule(at: start.adding(seconds: entry.seconds / speed)) { [self] in
            next += 1
            feed(entry)
            run(on: loop, feed: feed, finished: finished)
        }
    }
}
