import StepwiseBackground
import StepwiseCore
import StepwiseDevices
import StepwiseLog

/// Where a station's stored profiles come from: the quality log, or a stand-in in tests.
package protocol ProfileStore: Sendable {
    func storedProfiles() throws -> [WorkerPseudonym: StoredProfile]
    func storedProfile(of worker: WorkerPseudonym) throws -> StoredProfile
}

extension QualityLog: ProfileStore {}

/// Reads a worker's stored profile from the log on a background worker after they signed in, and
/// hands it to the event loop: a coach's change made while the worker was away reaches the station
/// milliseconds after sign-in instead of costing a SQLite read on the event thread at sign-in.
/// A second sign-in of the same worker before the read replaces the queued request (one read per worker).
final class ProfileRefresh {
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

    private let work: BackgroundWork<[Request], Answer>
    private weak var loop: EventLoop?
    private var token: WatchToken?
    /// Called on the loop thread with each answer.
    var onAnswer: ((Answer) -> Void)?

    /// `settle` is called on the worker before each read: it waits until what the station handed
    /// to the log writer is written, so the read is not older than the station's own saves.
    init(store: any ProfileStore, loop: EventLoop, settle: @escaping @Sendable () -> Void) throws {
        work = BackgroundWork(name: "stepwise.profiles", state: []) { work in
            while let request = work.next(Self.take) ?? nil {
                settle()
                work.results.post(Answer(request: request, profile: try? store.storedProfile(of: request.worker)))
            }
        }
        self.loop = loop
        token = try loop.attach(work.results) { [weak self] answer in self?.onAnswer?(answer) }
    }

    /// Asks for `request.worker`'s stored profile; the answer comes through `onAnswer` on the loop thread.
    func request(_ request: Request) {
        work.submit { requests in
            if let queued = requests.firstIndex(where: { $0.worker == request.worker }) {
                requests[queued] = request
            } else {
                requests.append(request)
            }
        }
    }

    /// Stops the worker after the requests already asked for; answers not yet delivered are dropped.
    func close() {
        work.close()
        if let token { loop?.unwatch(token) }
        token = nil
    }

    /// The oldest request; `.some(nil)` when closing with none left (the worker ends).
    private static func take(_ requests: inout [Request], closing: Bool) -> Request?? {
        if !requests.isEmpty { return .some(requests.removeFirst()) }
        return closing ? .some(nil) : nil
    }
}
