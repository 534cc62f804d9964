import Foundation
import Logging
import PostgresNIO
import StepwiseCore
import StepwiseLog

/// How a batch reaches `quality_record`. Each ends in ON CONFLICT DO NOTHING on (station, local id,
/// time), so a batch sent twice inserts nothing twice; `stepwise bench uplink` compares them.
public enum ShipMethod: String, Sendable, CaseIterable {
    /// Insert below `Self.copyFrom` records, COPY from there: a busy station's single records cost
    /// the server one statement, a backlog goes at COPY's pace.
    case auto
    /// One multi-row INSERT with bound parameters.
    case insert
    /// COPY into a temporary table, then one INSERT … SELECT.
    case copy

    /// Where `auto` turns to COPY: below it the second statement costs more than COPY saves.
    public static let copyFrom = 50

    /// The method for a batch of `count` records.
    func resolved(for count: Int) -> ShipMethod {
        self == .auto ? (count < Self.copyFrom ? .insert : .copy) : self
    }
}

/// What a station tells the server alongside a batch: how much it still holds back.
public struct StationReport: Sendable {
    public var station: String
    public var pendingAfter: Int
    public var lagSeconds: Double

    public init(station: String, pendingAfter: Int, lagSeconds: Double) {
        self.station = station
        self.pendingAfter = pendingAfter
        self.lagSeconds = lagSeconds
    }
}

/// One connection to the central server, used by one uplink (or one benchmark station) at a time.
public actor CentralStore {
    let connection: PostgresConnection
    let logger: Logger
    /// Months whose partition is known to exist; asked for once per month per connection.
    private var months: Set<Int> = []
    private var temporaryTableReady = false

    private init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Connects and brings the schema up to date. Throws `CentralError`.
    public static func connect(_ address: CentralAddress, logger: Logger) async throws -> CentralStore {
        let configuration = try address.connectionConfiguration()
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw CentralError.unreachable(Self.describe(error))
        }
        let store = CentralStore(connection: connection, logger: logger)
        do {
            try await CentralSchema.migrate(connection, logger: logger)
        } catch {
            try? await connection.close()
            throw CentralError.refused("schema migration: \(Self.describe(error))")
        }
        return store
    }

    public func close() async {
        try? await connection.close()
    }

    /// Drops the connection at once, failing whatever waits on it.
    public nonisolated func abort() {
        let closing: EventLoopFuture<Void> = connection.close()
        _ = closing
    }

    /// Stores `batch` and the station's state in one transaction: all of it, or nothing.
    public func ship(_ batch: [OutboxRecord], report: StationReport, method: ShipMethod) async throws {
        try await ship(CentralBatch(batch, report: report, method: method))
    }

    /// Stores a batch made ready beforehand, and the station's state, in one transaction.
    public func ship(_ batch: CentralBatch) async throws {
        guard !batch.records.isEmpty else { return }
        do {
            try await ensurePartitions(for: batch.records)
            if case .copy = batch.body { try await prepareTemporaryTable() }
            try await connection.withTransaction(logger: logger) { transaction in
                switch batch.body {
                case .insert(let query): try await transaction.query(query, logger: self.logger)
                case .copy(let text): try await self.copy(text, on: transaction)
                }
                try await self.record(batch.report, batch: batch.records, on: transaction)
            }
        } catch {
            throw CentralError.refused(Self.describe(error))
        }
    }

    private func copy(_ text: ByteBuffer, on connection: PostgresConnection) async throws {
        try await copyIntoBatchTable(text, on: connection)
        let columns = CentralColumns.sent.joined(separator: ",")
        let chosen = CentralColumns.sent.map { $0 == "at_ns" ? "\(CentralColumns.at("at_ns")), at_ns" : $0 }
        let sql = """
            INSERT INTO quality_record (\(columns.replacingOccurrences(of: "at_ns", with: "at, at_ns")))
            SELECT \(chosen.joined(separator: ",")) FROM uplink_batch ON CONFLICT DO NOTHING
            """
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    /// COPY text into the session's batch table (emptied at each commit).
    private func copyIntoBatchTable(_ text: ByteBuffer, on connection: PostgresConnection) async throws {
        try await connection.copyFrom(table: "uplink_batch", columns: CentralColumns.sent, logger: logger) {
            try await $0.write(text)
        }
    }

    /// The benchmark's ceiling: rows already in COPY's text (`ceilingText`) in one plain COPY
    /// straight into `quality_record` (its partitions, indices and write-ahead log, as the uplink's
    /// rows), in one transaction, and nothing else: no batches, no key check, no station row, no
    /// mark, and no encoding on the clock.
    func copyOnly(_ text: ByteBuffer) async throws {
        var columns = CentralColumns.sent
        columns.insert("at", at: 2)
        try await connection.withTransaction(logger: logger) { transaction in
            try await transaction.copyFrom(table: "quality_record", columns: columns, logger: self.logger) {
                try await $0.write(text)
            }
        }
    }

    /// `rows` as `copyOnly` sends them: with `at` written out, for a COPY straight into the table.
    nonisolated static func ceilingText(_ rows: [OutboxRecord], station: String) -> ByteBuffer {
        var text = ""
        for item in rows { text += CentralColumns.copyLine(station: station, item, withTime: true) }
        return ByteBuffer(string: text)
    }

    /// Removes every trace of `station` (the benchmark's own, made up station) from the server.
    func removeStation(_ station: String) async throws {
        try await connection.withTransaction(logger: logger) { transaction in
            try await transaction.query("DELETE FROM quality_record WHERE station_id = \(station)", logger: self.logger)
            try await transaction.query("DELETE FROM station_set WHERE station_id = \(station)", logger: self.logger)
            try await transaction.query("DELETE FROM station WHERE id = \(station)", logger: self.logger)
        }
    }

    /// The station's row and the sets it ran, in the batch's transaction: last contact and lag
    /// move exactly when records arrive.
    private func record(_ report: StationReport, batch: [OutboxRecord], on connection: PostgresConnection)
        async throws
    {
        let cell = batch.last?.record.cell.rawValue
        let through = batch.last?.localID ?? 0
        let pending = Int64(report.pendingAfter)
        try await connection.query(
            """
            INSERT INTO station (id, cell, last_contact, lag_s, acked_local_id, pending)
            VALUES (\(report.station), \(cell), now(), \(report.lagSeconds), \(through), \(pending))
            ON CONFLICT (id) DO UPDATE SET cell = COALESCE(excluded.cell, station.cell), last_contact = now(),
                lag_s = excluded.lag_s, pending = excluded.pending,
                acked_local_id = GREATEST(station.acked_local_id, excluded.acked_local_id)
            """, logger: logger)
        var seen: [String: (set: String, version: String, hash: String?)] = [:]
        for item in batch {
            guard let set = item.record.instructionSet?.rawValue, let version = item.record.version else { continue }
            seen["\(set)\u{0}\(version)"] = (set, version, item.record.contentHash)
        }
        for (set, version, hash) in seen.values {
            try await connection.query(
                """
                INSERT INTO station_set (station_id, instruction_set, version, content_hash, first_seen, last_seen)
                VALUES (\(report.station), \(set), \(version), \(hash), now(), now())
                ON CONFLICT (station_id, instruction_set, version) DO UPDATE SET last_seen = now(),
                    content_hash = COALESCE(excluded.content_hash, station_set.content_hash)
                """, logger: logger)
        }
    }

    /// Tells the server the station is alive with nothing new: last contact, lag and backlog.
    public func heartbeat(_ report: StationReport) async throws {
        do {
            try await connection.query(
                """
                UPDATE station SET last_contact = now(), lag_s = \(report.lagSeconds),
                    pending = \(Int64(report.pendingAfter)) WHERE id = \(report.station)
                """, logger: logger)
        } catch {
            throw CentralError.refused(Self.describe(error))
        }
    }

    /// Every worker erased centrally, with the time of the erasure (stations apply them before shipping).
    public func tombstones() async throws -> [Tombstone] {
        do {
            let rows = try await connection.query(
                "SELECT worker, \(unescaped: PostgresWorkshop.nanoseconds("erased_at")) FROM erased_worker ORDER BY worker",
                logger: logger)
            var tombstones: [Tombstone] = []
            for try await (worker, erased) in rows.decode((String, Int64).self) {
                tombstones.append(
                    Tombstone(worker: WorkerPseudonym(worker), erasedAt: Instant(central: erased)))
            }
            return tombstones
        } catch {
            throw CentralError.refused(Self.describe(error))
        }
    }

    /// Makes the month partitions the batch needs, each in its own short transaction before the
    /// batch's: creating a partition locks the parent table, which no batch should hold.
    func ensurePartitions(for batch: [OutboxRecord]) async throws {
        let needed = Set(batch.map { MonthPartition.month(of: $0.record.at) }).subtracting(months)
        for month in needed.sorted() {
            let first = MonthPartition.firstDay(ofMonth: month)
            try await connection.query(
                "SELECT stepwise_month_partition(\(first)::date)", logger: logger)
            months.insert(month)
        }
    }

    private func prepareTemporaryTable() async throws {
        guard !temporaryTableReady else { return }
        let columns = CentralColumns.sent.map { "\($0)" }
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    CREATE TEMPORARY TABLE IF NOT EXISTS uplink_batch ON COMMIT DELETE ROWS AS
                    SELECT \(columns.joined(separator: ",")) FROM quality_record WITH NO DATA
                    """), logger: logger)
        temporaryTableReady = true
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            // A TLS or socket failure says what it was only in the underlying error.
            return error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
        }
        if let error = error as? PostgresTransactionError {
            return [error.beginError, error.closureError, error.commitError].compactMap { $0 }.map(describe).joined(
                separator: "; ")
        }
        return "\(error)"
    }
}
