import Dispatch
import Foundation

/// Runs sign-in work (a 32 MiB scrypt and a few SQLite writes) on its own small set of threads,
/// never on the threads that serve requests: on a two-core machine Swift's cooperative pool has
/// two threads, and eight scrypts on it held up every page. Waiting work is taken from the client
/// addresses in turn, so one address sending many sign-ins does not push others to the back;
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

    /// Whose turn it is: `slots` run at once, the rest wait in one queue per address, served round robin.
    actor Turns {
        let slots: Int
        let waitingPerAddress: Int
        let waitingLimit: Int
        private var running = 0
        private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]
        private var order: [String] = []
        private var waitingCount = 0

        init(slots: Int, waitingPerAddress: Int, waitingLimit: Int) {
            self.slots = slots; self.waitingPerAddress = waitingPerAddress; self.waitingLimit = waitingLimit
        }

        /// False when `address` (or everyone) already has too much waiting.
        func enter(_ address: String) async -> Bool {
            if running < slots && waitingCount == 0 {
                running += 1
                return true
            }
            guard waitingCount < waitingLimit, waiting[address, default: []].count < waitingPerAddress else { return false }
            await withCheckedContinuation { (turn: CheckedContinuation<Void, Never>) in
                if waiting[address] == nil { order.append(address) }
                waiting[address, default: []].append(turn)
                waitingCount += 1
            }
            return true
        }

        /// Hands the finished slot to the next address in turn, or frees it.
        func leave() {
            guard !order.isEmpty else {
                running -= 1
                return
            }
            let address = order.removeFirst()
            var queue = waiting[address] ?? []
            let next = queue.removeFirst()
            waiting[address] = queue.isEmpty ? nil : queue
            if !queue.isEmpty { order.append(address) }
            waitingCount -= 1
            next.resume()
        }
    }
}
