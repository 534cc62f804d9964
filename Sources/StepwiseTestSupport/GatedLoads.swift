import Foundation
import StepwiseDevices
import StepwiseRuntime

/// A definitions loader for the daemon's wiring that blocks until the test opens it: a parse that
/// takes as long as the test wants, without a timer. `started` (a loop waker) says a load began.
package final class GatedLoads: @unchecked Sendable {
    // @unchecked: the counters are touched only under `lock`, on the test and load threads.
    private let release = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var loadsStarted = 0
    private var loadsFinished = 0
    package var started: Waker?

    package init() {}

    /// The load: blocks the first `blocking` loads until `open()`, then returns `result`.
    package func load(_ result: Definitions, blocking: Int = 1)
        -> @Sendable () -> Result<Definitions, DefinitionError>
    {
        { [self] in
            let number = lock.withLock {
                loadsStarted += 1
                return loadsStarted
            }
            started?.wake()
            if number <= blocking { release.wait() }
            lock.withLock { loadsFinished += 1 }
            return .success(result)
        }
    }

    package func open(_ count: Int = 1) { for _ in 0..<count { release.signal() } }
    package var loads: Int { lock.withLock { loadsStarted } }
    package var finished: Int { lock.withLock { loadsFinished } }
}
