import Dispatch
import Foundation

/// Runs sign-in work (a 32 MiB scrypt and a few SQLite writes) on its own small set of threads,
/// never on the threads that serve requests: on a two-core machine Swift's cooperative pool has
/// two threads, and eight scrypts on it held up every page. Waiting work is taken from the client
/// addresses in turn, so one address sending many sign-ins does not push others to the back, and
/// addresses without a wrong password in the last hour go first: a coach signing in waits for
/// the hash in progress, not for every guesser's queue;
/// each address may have `waitingPerAddress` waiting and all together `waitingLimit`, beyond
/// that `SignInGate.Busy` answers at once (the route says "busy, try again"). Waiting work is
/// cheap to drain: an address over its budget is refused by the throttle before any hash.
/// One gate per router (so per served dashboard).
public final class SignInGate: Sendable {
    /// Half the cores: the other half keep serving pages while people sign in.
    public static let standardThreads = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)

    public struct Busy: Error {}

    private let turns: Turns
    private let queue: DispatchQueue

    public init(threads: Int = standardThreads, waitingPerAddress: Int = 32, waitingLimit: Int = 256) {
        turns = Turns(slots: max(1, threads), waitingPerAddress: waitingPerAddress, waitingLimit: waitingLimit)
        queue = DispatchQueue(label: "stepwise.sign-in", attributes: threads > 1 ? .concurrent : [])
    }

    /// Runs `work` on the gate's threads once it is `address`'s turn.
    public func run<T: Sendable>(from address: String, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        guard await turns.enter(address) else { throw Busy() }
        let result = await withCheckedContinuation { (done: CheckedContinuation<Result<T, any Error>, Never>) in
            queue.async { done.resume(returning: Result { try work() }) }
        }
        await turns.leave()
        return try result.get()
    }

    /// How many sign-ins wait for a thread now.
    public var waiting: Int { get async { await turns.waitingCount } }

    /// Puts `address` behind the addresses without failures for the next hour (a wrong password
    /// or a throttled try came from it).
    public func noteFailure(from address: String) async {
        await turns.noteFailure(address, at: ContinuousClock.now)
    }

    /// Whose turn it is: `slots` run at once, the rest wait in one queue per address; addresses
    /// without recent failures are served first, each lane round robin.
    actor Turns {
        let slots: Int
        let waitingPerAddress: Int
        let waitingLimit: Int
        private var running = 0
        private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]
        private var clean: [String] = []
        private var failed: [String] = []
        private(set) var waitingCount = 0
        /// When each address last failed; at most `suspectLimit` kept, older than an hour dropped.
        private var suspects: [String: ContinuousClock.Instant] = [:]
        private let suspectLimit = 4096

        init(slots: Int, waitingPerAddress: Int, waitingLimit: Int) {
            self.slots = slots
            self.waitingPerAddress = waitingPerAddress
            self.waitingLimit = waitingLimit
        }

        /// False when `address` (or everyone) already has too much waiting.
        func enter(_ address: String) async -> Bool {
            if running < slots && waitingCount == 0 {
                running += 1
                return true
            }
            guard waitingCount < waitingLimit, waiting[address, default: []].count < waitingPerAddress else {
                return false
            }
            let suspect = isSuspect(address)
            await withCheckedContinuation { (turn: CheckedContinuation<Void, Never>) in
                if waiting[address] == nil {
                    if suspect { failed.append(address) } else { clean.append(address) }
                }
                waiting[address, default: []].append(turn)
                waitingCount += 1
            }
            return true
        }

        /// Hands the finished slot to the next address in turn, or frees it.
        func leave() {
            let lane = clean.isEmpty ? failed : clean
            guard let address = lane.first else {
                running -= 1
                return
            }
            if clean.isEmpty { failed.removeFirst() } else { clean.removeFirst() }
            var queue = waiting[address] ?? []
            let next = queue.removeFirst()
            waiting[address] = queue.isEmpty ? nil : queue
            if !queue.isEmpty {
                if isSuspect(address) { failed.append(address) } else { clean.append(address) }
            }
            waitingCount -= 1
            next.resume()
        }

        func noteFailure(_ address: String, at now: ContinuousClock.Instant) {
            if suspects.count >= suspectLimit {
                suspects = suspects.filter { now - $0.value < .seconds(3600) }
                if suspects.count >= suspectLimit { suspects.removeAll() }
            }
            suspects[address] = now
        }

        private func isSuspect(_ address: String) -> Bool {
            guard let last = suspects[address] else { return false }
            return ContinuousClock.now - last < .seconds(3600)
        }
    }
}
