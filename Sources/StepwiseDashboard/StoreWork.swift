import Dispatch

/// Store work (every read and write of `WorkshopStore`, which blocks) on threads of its own, never
/// on the threads that serve requests: a central store waits for the network, and a blocked
/// cooperative thread (two on a two-core box) would hold up every other request.
enum StoreWork {
    private static let queue = DispatchQueue(label: "stepwise.dashboard.store", attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { done in
            queue.async { done.resume(with: Result { try work() }) }
        }
    }
}
