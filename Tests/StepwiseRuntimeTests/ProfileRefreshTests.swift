import Foundation
import StepwiseCore
import StepwiseDevices
import StepwiseLog
import Testing
@testable import StepwiseRuntime

/// A profile store whose first read waits for the test, so later requests queue behind it.
private final class GatedStore: ProfileStore, @unchecked Sendable {
    // @unchecked: `first` is only touched under `lock`; the semaphores are thread-safe.
    let started = DispatchSemaphore(value: 0)
    let gate = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var first = true

    func storedProfiles() throws -> [WorkerPseudonym: StoredProfile] { [:] }

    func storedProfile(of worker: WorkerPseudonym) throws -> StoredProfile {
        let isFirst = lock.withLock {
            defer { first = false }
            return first
        }
        if isFirst {
            started.signal()
            gate.wait()
        }
        return StoredProfile()
    }
}

@Suite struct ProfileRefreshTests {
    @Test func aNewerRequestForTheSameWorkerReplacesTheQueuedOne() throws {
        let loop = try EventLoop()
        let store = GatedStore()
        let refresh = try ProfileRefresh(store: store, loop: loop, settle: {})
        var answers: [String] = []
        refresh.onAnswer = { answer in
            answers.append("\(answer.request.worker.rawValue):\(answer.request.saves)")
            if answers.count == 3 { loop.stop() }
        }
        refresh.request(.init(worker: WorkerPseudonym("w-000001"), saves: 0))
        store.started.wait()  // the worker reads w-000001; what follows queues
        refresh.request(.init(worker: WorkerPseudonym("w-000002"), saves: 1))
        refresh.request(.init(worker: WorkerPseudonym("w-000003"), saves: 1))
        refresh.request(.init(worker: WorkerPseudonym("w-000002"), saves: 2))
        store.gate.signal()
        // A safety net so a lost wake-up fails instead of hanging; not a timing assertion.
        let net = loop.schedule(at: MonotonicInstant.now().adding(seconds: 10)) { loop.stop() }
        loop.run()
        loop.cancel(net)
        refresh.close()
        #expect(answers == ["w-000001:0", "w-000002:2", "w-000003:1"])
    }
}
