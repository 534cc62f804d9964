import Foundation
import Logging
import Synchronization
import StepwiseCore
import StepwiseLog

/// How one station's uplink behaves.
public struct UplinkSettings: Sendable {
    /// The station's name on the central server (its key with each record's row id).
    public var station: String
    /// Records per transaction.
    public var batchSize = 2000
    /// Longest sleep without a change to the log: then the uplink tells the server it is alive.
    public var idleSeconds = 30.0
    public var method: ShipMethod = .auto
    /// Longest wait for the server to answer a batch; then the connection is dropped and retried.
    public var answerSeconds = 30.0
    public var backoff = UplinkBackoff()
    /// The station's badge table, where a central erasure also forgets the worker's badge.
    public var badgeTable: String?
    /// The cell and instruction folder, to install the sets published centrally; nil: ship records only.
    public var instructions: StationInstructions?
    /// Shortest time between two looks for published sets: a busy log wakes the uplink often.
    public var instructionSeconds = 10.0

    public init(station: String) {
        self.station = station
    }
}

/// Ships a station's quality log to the central server: batches in row-id order, each in one
/// transaction, the mark moved locally only after the commit. A crash between the commit and the
/// mark sends that batch again, which the server's key makes harmless. When the server is away it
/// backs off (capped, with jitter) and keeps the records; it wakes on the log changing, never polls.
public final class Uplink {
    let outbox: UplinkOutbox
    let address: CentralAddress
    var settings: UplinkSettings
    let logger: Logger
    let wake: UplinkWake
    /// Told the row id each time the mark moves: the fleet benchmark times every record's way from
    /// the log to the acknowledged commit with it. Nil in the service.
    var markMoved: (@Sendable (Int64) -> Void)?
    private var store: CentralStore?
    var instructionMemory = InstructionMemory()

    public init(outbox: UplinkOutbox, address: CentralAddress, settings: UplinkSettings, logger: Logger) throws {
        self.outbox = outbox
        self.address = address
        self.settings = settings
        self.logger = logger
        wake = try UplinkWake(logPath: outbox.path)
    }

    /// Runs until SIGTERM or SIGINT; finishes the batch in flight (committed and marked, or not
    /// committed at all) before it returns.
    public func run() async {
        logger.info("uplink: station \(settings.station) to \(address.redacted)")
        while !wake.stopRequested {
            do {
                let store = try await connected()
                try await applyErasures(store)
                if instructionMemory.due(every: settings.instructionSeconds) {
                    try await pullInstructions(store)
                } else {
                    reguideSignedOut()
                }
                let shipped = try await shipPending(store)
                try await shipWorkerStates(store)
                settings.backoff.reset()
                if wake.stopRequested { break }
                if await waitForWork(seconds: settings.idleSeconds) == .stop { break }
                if shipped == 0 { try await heartbeat(store) }
            } catch {
                logger.warning("uplink: \(error); records stay in the log")
                await disconnect()
                let delay = settings.backoff.next(unit: Double.random(in: 0..<1))
                if await wait(seconds: delay, watchingLog: false) == .stop { break }
            }
        }
        await disconnect()
        logger.info("uplink: stopped")
    }

    /// Asks `run` to return, as SIGTERM does, but for this uplink alone.
    public func stop() { wake.requestStop() }

    /// Sends every record after the mark, batch by batch. Returns how many it sent. The next batch
    /// is read from the log and encoded while the server stores the current one; the mark still
    /// moves only after each commit, in order. Sign-ins waiting for a worker's central state are
    /// answered before each batch, so a long backlog does not hold them past the daemon's short wait.
    func shipPending(_ store: CentralStore) async throws -> Int {
        let reader = BatchReader(
            outbox: outbox, station: settings.station, size: settings.batchSize, method: settings.method)
        var sent = 0
        try await answerSignIns(store)
        var next = try reader.batch(after: nil)
        while let batch = next, let last = batch.records.last, !wake.stopRequested {
            let following = Task { try reader.batch(after: last.localID) }
            do {
                try await Self.answer(within: settings.answerSeconds, from: store) { try await store.ship(batch) }
            } catch {
                _ = await following.result
                throw error
            }
            try outbox.acknowledge(through: last.localID, at: Self.wallClock())
            markMoved?(last.localID)
            sent += batch.records.count
            next = try await following.value
            try await answerSignIns(store)
        }
        return sent
    }

    /// Reads and encodes one batch: the uplink's part of the work, done beside the server's.
    struct BatchReader: Sendable {
        let outbox: UplinkOutbox
        let station: String
        let size: Int
        let method: ShipMethod

        /// The batch after row `localID` (after the mark when nil); nil when nothing waits.
        func batch(after localID: Int64?) throws -> CentralBatch? {
            let records = try outbox.pending(limit: size, after: localID)
            guard let last = records.last else { return nil }
            let after = try outbox.waiting(after: last.localID)
            let now = Uplink.wallClock()
            let lag = after.oldest.map { now > $0 ? Double(now.nanoseconds - $0.nanoseconds) / 1e9 : 0 } ?? 0
            let report = StationReport(station: station, pendingAfter: after.count, lagSeconds: lag)
            return CentralBatch(records, report: report, method: method)
        }
    }

    /// Brings the central state of each worker who just signed in at the station into its log,
    /// ahead of records, because the station's profile worker waits for it (briefly; then it
    /// goes on without, and the answer, still kept in the log, counts at the next sign-in).
    func answerSignIns(_ store: CentralStore) async throws {
        for (worker, asked) in try outbox.wantedWorkers() {
            let found = Mutex<WorkerState?>(nil)
            try await Self.answer(within: settings.answerSeconds, from: store) {
                let state = try await store.workerState(of: worker)
                found.withLock { $0 = state }
            }
            if let state = found.withLock({ $0 }) { try outbox.answer(state, asked: asked) }
        }
    }

    /// (Worker, set) states per transaction: each is a row per step, so fewer than records.
    static let workerStatesPerShipment = 50

    /// Sends the workers' states the station changed, after the records that explain them; each
    /// shipment is acknowledged only after its commit, so a state changed again meanwhile waits on.
    func shipWorkerStates(_ store: CentralStore) async throws {
        while !wake.stopRequested {
            let waiting = try outbox.waitingWorkerStates(limit: Self.workerStatesPerShipment)
            guard !waiting.isEmpty else { return }
            let (states, station) = (waiting.map(\.state), settings.station)
            try await Self.answer(within: settings.answerSeconds, from: store) {
                try await store.ship(states, station: station)
            }
            try outbox.acknowledgeWorkerStates(waiting.flatMap(\.keys))
        }
    }

    /// Central erasures first, so no record of an erased worker is shipped again: the worker's
    /// rows up to the erasure leave the log, and their badge leaves the badge table.
    func applyErasures(_ store: CentralStore) async throws {
        let found = Mutex<[Tombstone]>([])
        try await Self.answer(within: settings.answerSeconds, from: store) {
            let tombstones = try await store.tombstones()
            found.withLock { $0 = tombstones }
        }
        let tombstones = found.withLock { $0 }
        guard !tombstones.isEmpty else { return }
        for tombstone in try outbox.apply(tombstones) {
            let forgot = try settings.badgeTable.map { try PseudonymRegistry.forget(tombstone.worker, inTableAt: $0) }
            logger.notice(
                "uplink: erased \(tombstone.worker.rawValue) as the central server did\(forgot == true ? ", and its badge" : "")"
            )
        }
    }

    private func heartbeat(_ store: CentralStore) async throws {
        let backlog = try outbox.backlog()
        let report = StationReport(
            station: settings.station, pendingAfter: backlog.pending,
            lagSeconds: backlog.lagSeconds(now: Self.wallClock()))
        // Bounded like a batch: a server that went away between batches must not hold the uplink
        // (and its stop signal) in an unanswered query.
        try await Self.answer(within: settings.answerSeconds, from: store) { try await store.heartbeat(report) }
    }

    private func connected() async throws -> CentralStore {
        if let store { return store }
        let fresh = try await CentralStore.connect(address, logger: logger)
        store = fresh
        logger.info("uplink: connected")
        return fresh
    }

    private func disconnect() async {
        await store?.close()
        store = nil
    }

    /// Sleeps on the log's folder and the stop signal, off the cooperative threads.
    private func waitForWork(seconds: Double) async -> UplinkWake.Reason {
        await wait(seconds: seconds, watchingLog: true)
    }

    private func wait(seconds: Double, watchingLog: Bool) async -> UplinkWake.Reason {
        let wake = self.wake
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: wake.wait(seconds: seconds, watchingLog: watchingLog))
            }
            thread.name = "uplink-wait"
            thread.start()
        }
    }

    /// Runs `work` but gives up after `seconds`, closing the connection: a server stopped in the
    /// middle of a transaction must not hold the uplink forever (a query on a connection the server
    /// ended can stay unanswered). The batch is then not marked, so it is sent again.
    static func answer(
        within seconds: Double, from store: CentralStore, _ work: @escaping @Sendable () async throws -> Void
    ) async throws {
        let waiting = Waiting()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            waiting.slot.withLock { $0 = continuation }
            let timer = Task {
                try await Task.sleep(for: .seconds(seconds))
                guard let pending = waiting.take() else { return }
                store.abort()
                pending.resume(throwing: CentralError.unreachable("no answer within \(seconds) s"))
            }
            Task {
                let result: Result<Void, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                timer.cancel()
                waiting.take()?.resume(with: result)
            }
        }
    }

    /// The continuation of one `answer`, resumed once by whichever comes first.
    private final class Waiting: Sendable {
        let slot = Mutex<CheckedContinuation<Void, any Error>?>(nil)
        func take() -> CheckedContinuation<Void, any Error>? { slot.withLock { $0.take() } }
    }

    static func wallClock() -> Instant {
        Instant(nanoseconds: UInt64(max(0, Date().timeIntervalSince1970 * 1e9)))
    }
}
