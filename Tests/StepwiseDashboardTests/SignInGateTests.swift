import Dispatch
import Foundation
import StepwiseDashboard
import Synchronization
import Testing

/// The threads that hash passwords: addresses without failures first, each address in turn,
/// and a bound on what may wait.
@Suite struct SignInGateTests {
    @Test func anAddressWithoutFailuresGoesBeforeTheGuessersQueue() async throws {
        let gate = SignInGate(threads: 1)
        await gate.noteFailure(from: "10.0.0.66")
        let order = Arrivals()
        let hold = try await Hold(gate)
        var jobs: [Task<Void, any Error>] = []
        for (index, address) in ["10.0.0.66", "10.0.0.66", "10.0.0.66", "10.0.0.7"].enumerated() {
            jobs.append(Task { try await gate.run(from: address) { order.add(address) } })
            try await Self.until { await gate.waiting == index + 1 }
        }
        hold.release()
        for job in jobs { try await job.value }
        #expect(order.all == ["10.0.0.7", "10.0.0.66", "10.0.0.66", "10.0.0.66"])
    }

    @Test func addressesTakeTurns() async throws {
        let gate = SignInGate(threads: 1)
        let order = Arrivals()
        let hold = try await Hold(gate)
        var jobs: [Task<Void, any Error>] = []
        for (index, address) in ["a", "a", "a", "b", "b"].enumerated() {
            jobs.append(Task { try await gate.run(from: address) { order.add(address) } })
            try await Self.until { await gate.waiting == index + 1 }
        }
        hold.release()
        for job in jobs { try await job.value }
        #expect(order.all == ["a", "b", "a", "b", "a"])
    }

    @Test func tooManyWaitingFromOneAddressAreRefusedAtOnce() async throws {
        let gate = SignInGate(threads: 1, waitingPerAddress: 1)
        let hold = try await Hold(gate)
        let first = Task { try await gate.run(from: "a") { 1 } }
        try await Self.until { await gate.waiting == 1 }
        await #expect(throws: SignInGate.Busy.self) { try await gate.run(from: "a") { 2 } }
        hold.release()
        #expect(try await first.value == 1)
    }

    /// Waits (bounded) until `condition` holds: the order of arrival is what is tested, not time.
    static func until(_ condition: () async -> Bool) async throws {
        for _ in 0..<5000 where !(await condition()) { try await Task.sleep(for: .milliseconds(1)) }
        #expect(await condition())
    }

    /// The order in which jobs ran.
    final class Arrivals: Sendable {
        private let names = Mutex<[String]>([])
        func add(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    /// Keeps the gate's only thread busy until released.
    final class Hold: Sendable {
        let released = DispatchSemaphore(value: 0)
        let job: Task<Void, any Error>

        init(_ gate: SignInGate) async throws {
            let started = DispatchSemaphore(value: 0)
            let released = self.released
            job = Task {
                try await gate.run(from: "holder") {
                    started.signal()
                    released.wait()
                }
            }
            await withCheckedContinuation { done in
                DispatchQueue.global().async {
                    started.wait()
                    done.resume()
                }
            }
        }

        func release() { released.signal() }
    }
}
