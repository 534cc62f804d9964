import Foundation
import GRDB
import StepwiseCore

/// A record of the log as the uplink ships it: the row id is its key on the central server.
public struct OutboxRecord: Sendable, Equatable {
    public var localID: Int64
    public var record: QualityRecord

    public init(localID: Int64, record: QualityRecord) {
        self.localID = localID
        self.record = record
    }
}

/// What the central server has confirmed, and what is still waiting.
public struct UplinkBacklog: Sendable, Equatable {
    /// Every row id up to here is committed centrally.
    public var acknowledgedThrough: Int64
    /// Wall-clock time of the last acknowledgement; nil before the first.
    public var lastAcknowledged: Instant?
    /// Records not yet acknowledged.
    public var pending: Int
    /// The time of the oldest record not yet acknowledged; nil when none waits.
    public var oldestPending: Instant?

    /// How far the central server is behind this station at `now`: the age of the oldest record
    /// it has not got, zero when it has them all.
    public func lagSeconds(now: Instant) -> Double {
        guard let oldestPending, now > oldestPending else { return 0 }
        return Double(now.nanoseconds - oldestPending.nanoseconds) / 1e9
    }
}

/// The uplink's side of the quality log: records in row-id order after the acknowledged
/// high-water mark, and the mark itself in `uplink_ack`. Reads run on the pool's read-only WAL
/// connections, so the daemon keeps writing meanwhile; the mark is one row, written only after
/// the central commit. Opening an outbox marks the log as shipped: from then on retention keeps
/// every record the server has not acknowledged (`acknowledgedCondition`).
public final class UplinkOutbox: Sendable {
    /// The log file; its `-wal` beside it changes on every commit the daemon makes.
    public let path: String
    private let log: QualityLog

    /// Opens the log at `path` (creating it if the daemon has not yet). `shipping` marks the log as
    /// shipped (retention waits from then on); `uplink status` opens it without.
    public init(path: String, shipping: Bool = true) throws {
        self.path = path
        log = try QualityLog(path: path)
        guard shipping else { return }
        try log.pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO uplink_ack (id, high_water, acked_ns) VALUES (1, 0, NULL)")
        }
    }

    /// Up to `limit` records after the acknowledged mark (or after row `after`), oldest row first.
    public func pending(limit: Int, after: Int64? = nil) throws -> [OutboxRecord] {
        let rows = try log.pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(QualityRecord.readColumns) FROM quality_record
                    WHERE id > COALESCE(?, (SELECT high_water FROM uplink_ack WHERE id = 1), 0) ORDER BY id LIMIT ?
                    """,
                arguments: [after, max(0, limit)])
        }
        return try rows.map { OutboxRecord(localID: $0[0], record: try QualityRecord(row: $0)) }
    }

    /// Records that every row up to `localID` is committed centrally. Never moves the mark back:
    /// an older acknowledgement arriving late changes nothing.
    public func acknowledge(through localID: Int64, at now: Instant) throws {
        try log.pool.write { db in
            try db.execute(
                sql: "UPDATE uplink_ack SET high_water = MAX(high_water, ?), acked_ns = ? WHERE id = 1",
                arguments: [localID, Int64(clamping: now.nanoseconds)])
        }
    }

    /// How many records follow `localID`, and the time of the oldest of them.
    public func waiting(after localID: Int64) throws -> (count: Int, oldest: Instant?) {
        try log.pool.read { db in try Self.waiting(after: localID, in: db) }
    }

    private static func waiting(after localID: Int64, in db: Database) throws -> (count: Int, oldest: Instant?) {
        let row = try Row.fetchOne(
            db, sql: "SELECT COUNT(*) AS n, MIN(at_ns) AS oldest FROM quality_record WHERE id > ?",
            arguments: [localID])
        let oldest: Int64? = row?["oldest"]
        return (row?["n"] ?? 0, oldest.map { Instant(nanoseconds: UInt64(max(0, $0))) })
    }

    /// The mark, when it moved, and what waits behind it.
    public func backlog() throws -> UplinkBacklog {
        try log.pool.read { db in
            let ack = try Row.fetchOne(db, sql: "SELECT high_water, acked_ns FROM uplink_ack WHERE id = 1")
            let through: Int64 = ack?["high_water"] ?? 0
            let ackedNs: Int64? = ack?["acked_ns"]
            let waiting = try Self.waiting(after: through, in: db)
            return UplinkBacklog(
                acknowledgedThrough: through,
                lastAcknowledged: ackedNs.map { Instant(nanoseconds: UInt64(max(0, $0))) },
                pending: waiting.count, oldestPending: waiting.oldest)
        }
    }

    /// Applies central erasures to the log (`QualityLog.apply`); returns those applied now.
    public func apply(_ tombstones: [Tombstone]) throws -> [Tombstone] {
        try log.apply(tombstones)
    }

    /// Workers' states changed since the central store last acknowledged them (`QualityLog.waitingWorkerStates`).
    public func waitingWorkerStates(limit: Int) throws -> [WaitingWorkerState] {
        try log.waitingWorkerStates(limit: limit)
    }

    /// The central store committed these states.
    public func acknowledgeWorkerStates(_ keys: [WaitingKey]) throws {
        try log.acknowledgeWorkerStates(keys)
    }

    /// Sign-ins waiting for a worker's central state (`QualityLog.wantedWorkers`).
    public func wantedWorkers() throws -> [(worker: WorkerPseudonym, asked: Int64)] {
        try log.wantedWorkers()
    }

    /// Reconciles a worker's central state into the log and answers the sign-in's request.
    public func answer(_ central: WorkerState, asked: Int64) throws {
        try log.answer(central, asked: asked)
    }

    /// The SQL condition retention adds to its DELETE of `quality_record`: a row may go only once the
    /// server has it. A log no uplink ever opened has no mark, and retention works as before.
    public static let acknowledgedCondition =
        "id <= COALESCE((SELECT high_water FROM uplink_ack WHERE id = 1), 9223372036854775807)"

    /// The log's migration that adds the mark (registered in `LogSchema.migrations`).
    @Sendable static func createAcknowledgements(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE uplink_ack (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    high_water INTEGER NOT NULL,
                    acked_ns INTEGER)
                """)
    }
}
