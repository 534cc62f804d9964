import Foundation
import StepwiseCore
import StepwiseLog
import StepwiseRuntime

/// The quality log as the daemon's profile store, counting reads by thread; it can be made to fail.
package final class CountingStore: ProfileStore, @unchecked Sendable {
    // @unchecked: the counters are touched from the event and refresh threads, always under `lock`.
    package let log: QualityLog
    private let eventThread = pthread_self()
    private let lock = NSLock()
    private var eventThreadReads = 0, otherReads = 0, failures = 0
    private var fail = false

    package init(log: QualityLog) { self.log = log }

    package var failing: Bool {
        get { lock.withLock { fail } }
        set { lock.withLock { fail = newValue } }
    }
    package var failedReads: Int { lock.withLock { failures } }
    package func reads(onEventThread: Bool) -> Int { lock.withLock { onEventThread ? eventThreadReads : otherReads } }

    package func storedProfiles() throws -> [WorkerPseudonym: StoredProfile] {
        try count()
        return try log.storedProfiles()
    }

    package func storedProfile(of worker: WorkerPseudonym) throws -> StoredProfile {
        try count()
        return try log.storedProfile(of: worker)
    }

    private func count() throws {
        try lock.withLock {
            if pthread_equal(pthread_self(), eventThread) != 0 { eventThreadReads += 1 } else { otherReads += 1 }
            if fail {
                failures += 1
                throw LogError.cannotOpen(path: log.path, reason: "made unreadable by the test")
            }
        }
    }
}
