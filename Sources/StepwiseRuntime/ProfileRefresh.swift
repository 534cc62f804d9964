import Foundation
import StepwiseCore
import StepwiseDevices
import StepwiseLog
import StepwiseRender

/// Where a station's stored profiles come from: the quality log, or a stand-in in tests.
protocol ProfileStore: Sendable {
    func storedProfiles() throws -> [WorkerPseudonym: StoredProfile]
    func storedProfile(of worker: WorkerPseudonym) throws -> StoredProfile
}

extension QualityLog: ProfileStore {}

/// Reads a worker's stored profile from the log on its own thread after they signed in, and hands
/// it to the event loop: a coach's change made while the worker was away reaches the station
/// milliseconds after sign-in instead of costing a SQLite read on the event thread at sign-in.
///
/// `@unchecked Sendable`: the request queue and the results are shared between the loop thread
/// and the reader thread, and are only touched under `condition`.
final class ProfileRefresh: @unchecked Sendable {
    struct Request: Sendable {
        var worker: WorkerPseudonym
        /// `WorkerProfiles.saveCount` when asked.
        var saves: UInt64
    }
    /// A request answered: the profile read, or nil when the log could not be read (the one in memory stays).
    struct Answer: Sendable {
        var request: Request
        var profile: StoredProfile?
    }

    private let store: any ProfileStore
    /// Called on the reader thread before each read: waits until what the station handed to
    /// the log writer is written, so the read is not older than the station's own saves.
    private let settle: @Sendable () -> Void
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var requests: [Request] = []
    private var answers: [Answer] = []
    private var closing = false
    private var finished = false
    private var waker: Waker?
    /// Called on the loop thread with each answer.
    var onAnswer: ((Answer) -> Void)?

    init(store: any ProfileStore, loop: EventLoop, settle: @escaping @Sendable () -> Void) throws {
        self.store = store
        self.settle = settle
        waker = try loop.makeWaker { [weak self] in self?.deliver() }
        let thread = Thread { [self] in serve() }
        thread.name = "stepwise.profiles"
        thread.start()
    }

    /// Asks for `request.worker`'s stored profile; the answer comes through `onAnswer` on the loop thread.
    func request(_ request: Request) {
        condition.lock()
        requests.append(request)
        condition.signal()
        condition.unlock()
    }

    /// Stops the thread after the requests already asked for; answers not yet delivered are dropped.
    func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func serve() {
        // A read is not urgent: like the log writer, never compete with a real-time event thread.
        BackgroundThread.lowerCurrentPriority()
        while let request = next() {
            settle()
            let profile = try? store.storedProfile(of: request.worker)
            condition.lock()
            answers.append(Answer(request: request, profile: profile))
            condition.unlock()
            waker?.wake()
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private func next() -> Request? {
        condition.lock()
        defer { condition.unlock() }
        while requests.isEmpty && !closing { condition.wait() }
        return requests.isEmpty ? nil : requests.removeFirst()
    }

    private func deliver() {
        condition.lock()
        let ready = answers
        answers.removeAll()
        condition.unlock()
        ready.forEach { onAnswer?($0) }
    }
}
