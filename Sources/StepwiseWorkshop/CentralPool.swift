import Dispatch
import Logging
import NIOPosix
import PostgresNIO
import Synchronization

/// A pool of connections to the central server for callers that block: the dashboard's store is
/// a synchronous protocol (`WorkshopStore`), called from threads the dashboard keeps for store
/// work, and from command-line tools.
///
/// Why its own threads: a blocked caller waits for async work, and if that work needed Swift's
/// cooperative pool (two threads on a two-core box) while callers occupied it, nothing would
/// move. So the pool's connections live on their own event loop, and the tasks that drive them
/// prefer an executor on their own dispatch queue.
final class CentralPool: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// How long one call may take before the caller hears "unreachable" (a server that is down
    /// would otherwise keep a page waiting while the pool retries).
    let timeLimit: Duration
    private let executor: QueueExecutor
    private let events: MultiThreadedEventLoopGroup
    private let running: Mutex<Task<Void, Never>?>

    init(_ address: CentralAddress, logger: Logger, timeLimit: Duration = .seconds(10)) {
        events = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        executor = QueueExecutor(DispatchQueue(label: "stepwise.central", attributes: .concurrent))
        var configuration = address.clientConfiguration
        configuration.options.maximumConnections = 8
        client = PostgresClient(configuration: configuration, eventLoopGroup: events, backgroundLogger: logger)
        self.logger = logger
        self.timeLimit = timeLimit
        let client = client
        running = Mutex(Task(executorPreference: executor) { await client.run() })
    }

    /// Runs `body` against the pool and waits for it on the calling thread. Never call it from a
    /// Swift concurrency thread or an event loop: it blocks.
    func wait<T: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        let (client, limit) = (client, timeLimit)
        Task(executorPreference: executor) {
            let result: Result<T, any Error>
            do {
                result = .success(try await Self.within(limit) { try await body(client) })
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }

    /// Stops the pool's connections and its event loop.
    func close() {
        running.withLock { $0?.cancel() }
        try? events.syncShutdownGracefully()
    }

    private static func within<T: Sendable>(
        _ limit: Duration, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw CentralError.unreachable("no answer within \(limit.components.seconds) s")
            }
            return value
        }
    }
}

/// A task executor on a dispatch queue, so the pool's tasks never wait for the cooperative pool.
final class QueueExecutor: TaskExecutor {
    let queue: DispatchQueue

    init(_ queue: DispatchQueue) { self.queue = queue }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
