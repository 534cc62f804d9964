import Foundation
import StepwiseCore
import StepwiseLog
import Synchronization

/// Stored profiles from the quality log at `path`, for a log that could not be opened at start
/// (its folder missing or read-only): each read opens it again until it opens, and then keeps it.
/// The station starts without stored profiles meanwhile, as for a new worker.
///
/// When an uplink ships the log, one worker's profile (read after sign-in, on the refresh worker)
/// first asks the uplink for the worker's central state and waits up to `centralWait` for it to
/// be reconciled into the log (`QualityLog.askCentral(for:)`); a server or uplink that is away
/// or slow leaves the station's own copy, read as before.
final class QualityLogProfiles: ProfileStore {
    let path: String
    private let log: Mutex<QualityLog?>
    private let centralWait: Duration
    /// Told each request as it is asked (tests answer it in the uplink's place).
    let asked: (@Sendable (WorkerPseudonym, Int64) -> Void)?

    init(
        path: String, opened: QualityLog?, centralWait: Duration = .zero,
        asked: (@Sendable (WorkerPseudonym, Int64) -> Void)? = nil
    ) {
        self.path = path
        log = Mutex(opened)
        self.centralWait = centralWait
        self.asked = asked
    }

    func storedProfiles() throws -> [WorkerPseudonym: StoredProfile] { try opened().storedProfiles() }

    func storedProfile(of worker: WorkerPseudonym) throws -> StoredProfile {
        let log = try opened()
        if centralWait > .zero, (try? log.isShipped()) == true, let stamp = try? log.askCentral(for: worker) {
            asked?(worker, stamp)
            waitForAnswer(log, worker: worker, asked: stamp)
        }
        return try log.storedProfile(of: worker)
    }

    /// Looks at the request every 20 ms until it is answered or the wait is over: the answer
    /// arrives through the shared file, which this thread (the refresh worker, never the event
    /// thread) may simply read.
    private func waitForAnswer(_ log: QualityLog, worker: WorkerPseudonym, asked: Int64) {
        let clock = ContinuousClock()
        let deadline = clock.now + centralWait
        while (try? log.isAnswered(worker, asked: asked)) != true, clock.now < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    private func opened() throws -> QualityLog {
        try log.withLock { log in
            if let log { return log }
            let opened = try QualityLog(path: path)
            log = opened
            return opened
        }
    }
}
