import StepwiseCore
import StepwiseLog
import Synchronization

/// Stored profiles from the quality log at `path`, for a log that could not be opened at start
/// (its folder missing or read-only): each read opens it again until it opens, and then keeps it.
/// The station starts without stored profiles meanwhile, as for a new worker.
final class QualityLogProfiles: ProfileStore {
    let path: String
    private let log: Mutex<QualityLog?>

    init(path: String, opened: QualityLog?) {
        self.path = path
        log = Mutex(opened)
    }

    func storedProfiles() throws -> [WorkerPseudonym: StoredProfile] { try opened().storedProfiles() }

    func storedProfile(of worker: WorkerPseudonym) throws -> StoredProfile { try opened().storedProfile(of: worker) }

    private func opened() throws -> QualityLog {
        try log.withLock { log in
            if let log { return log }
            let opened = try QualityLog(path: path)
            log = opened
            return opened
        }
    }
}
