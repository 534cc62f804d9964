import Foundation
import Logging
import PostgresNIO
import StepwiseCore
import StepwiseLog

/// The workshop store over the central PostgreSQL: every station's records as the uplinks ship
/// them, and the dashboard's accounts, sessions, audit trail and throttle kept once for the whole
/// workshop. `stepwise serve --postgres` serves the same pages over it as `--db` does over one
/// station's log.
///
/// Workers' skills, coach limits and preferences are kept here as the uplinks ship them
/// (`CentralWorkerState`); a coach's change of limits here reaches the station the worker signs
/// in at next.
public final class PostgresWorkshop: WorkshopStore {
    let pool: CentralPool

    /// Connects (the pool opens connections as calls need them) and brings the schema up to date.
    /// Blocks; throws `CentralError`.
    public init(_ address: CentralAddress, logger: Logger = PostgresWorkshop.quietLogger) throws {
        pool = CentralPool(address, logger: logger)
        do {
            try pool.wait { client in
                try await client.withConnection { connection in
                    _ = try await CentralSchema.migrate(connection, logger: logger)
                }
            }
        } catch let error as CentralError {
            pool.close()
            throw error
        } catch {
            pool.close()
            throw CentralError.unreachable(CentralStore.describe(error))
        }
    }

    deinit { pool.close() }

    /// Errors only: each retry of a connection would otherwise print a line on a command's stderr
    /// (the command says "unreachable" once when it gives up).
    public static var quietLogger: Logger {
        var logger = Logger(label: "stepwise.central")
        logger.logLevel = .error
        return logger
    }

    public var keepsSkills: Bool { true }

    public func records(from: Instant?, to: Instant?, worker: WorkerPseudonym?, limit: Int?) throws -> [QualityRecord] {
        var filter = RecordFilter()
        if let from { filter.add({ "at_ns >= \($0)" }, Int64(clamping: from.nanoseconds)) }
        if let to { filter.add({ "at_ns < \($0)" }, Int64(clamping: to.nanoseconds)) }
        if let worker { filter.add({ "worker = \($0)" }, worker.rawValue) }
        return try records(filter, limit: limit)
    }

    /// Records matching `filter`, oldest first (by station and row id within one instant), or newest
    /// first.
    func records(_ filter: RecordFilter, limit: Int? = nil, newestFirst: Bool = false) throws -> [QualityRecord] {
        let condition = filter.conditions.isEmpty ? "" : "WHERE " + filter.conditions.joined(separator: " AND ")
        let cap = limit.map { " LIMIT \(max(0, $0))" } ?? ""
        let order = ["at_ns", "station_id", "local_id"]
        let sql = """
            SELECT \(CentralColumns.sent.dropFirst(2).joined(separator: ", ")), local_id
            FROM quality_record \(condition) ORDER BY \((newestFirst ? order.map { $0 + " DESC" } : order).joined(separator: ", "))\(cap)
            """
        return try rows(PostgresQuery(unsafeSQL: sql, binds: filter.binds)).map(CentralRecord.decode)
    }

    public func loadSkill(worker: WorkerPseudonym, instructionSet: InstructionSetID) throws -> WorkerSkill? {
        try workerState(of: worker).sets[instructionSet]?.skill(of: worker, in: instructionSet)
    }

    public func skills(of worker: WorkerPseudonym) throws -> [WorkerSkill] {
        try workerState(of: worker).sets.sorted { $0.key.rawValue < $1.key.rawValue }.map {
            $0.value.skill(of: worker, in: $0.key)
        }
    }

    /// A coach's limits, stamped now: later than every station's copy of them, so the next
    /// sign-in anywhere takes them (`WorkerState.reconciled(with:)`).
    public func saveControls(_ controls: CoachControls, worker: WorkerPseudonym, instructionSet: InstructionSetID)
        throws -> WorkerSkill
    {
        let now = Instant(seconds: Date().timeIntervalSince1970)
        let state = try transaction { connection, logger in
            try await CentralWorkerState.storeSet(
                WorkerSetState(limits: Stamped(controls, at: now)), worker: worker.rawValue,
                set: instructionSet.rawValue, by: "dashboard", on: connection, logger: logger)
            return try await CentralWorkerState.read(worker, on: connection, logger: logger)
        }
        return (state.sets[instructionSet] ?? WorkerSetState()).skill(of: worker, in: instructionSet)
    }

    /// Everything the server holds of `worker`'s state.
    public func workerState(of worker: WorkerPseudonym) throws -> WorkerState {
        let logger = pool.logger
        return try pool.wait { client in
            try await client.withConnection { connection in
                try await CentralWorkerState.read(worker, on: connection, logger: logger)
            }
        }
    }

    public func knownInstructionSets() throws -> [InstructionSetID] {
        try rows(
            """
            SELECT instruction_set FROM quality_record WHERE instruction_set IS NOT NULL
            UNION SELECT instruction_set FROM step_day ORDER BY 1
            """
        ).map { InstructionSetID(try $0[0].decode(String.self)) }
    }

    public func knowsWorker(_ worker: WorkerPseudonym) throws -> Bool {
        try rows("SELECT EXISTS (SELECT 1 FROM quality_record WHERE worker = \(worker.rawValue))")
            .first.map { try $0[0].decode(Bool.self) } ?? false
    }

    /// Removes the worker's records and assignments and leaves a tombstone stations can read.
    public func eraseWorker(_ worker: WorkerPseudonym) throws -> Int {
        try erase(worker, by: "command line (\(ProcessInfo.processInfo.userName))")
    }

    /// Erasure for the whole workshop, in one transaction: the records and assignments go, a
    /// tombstone tells every station's uplink to remove its copy, and the audit trail says who
    /// erased (the pseudonym stays there: it no longer leads to any data).
    public func erase(_ worker: WorkerPseudonym, by who: String) throws -> Int {
        try transaction { connection, logger in
            let removed = try await connection.query(
                "DELETE FROM quality_record WHERE worker = \(worker.rawValue) RETURNING 1", logger: logger
            ).collect().count
            try await connection.query("DELETE FROM coach_worker WHERE worker = \(worker.rawValue)", logger: logger)
            try await CentralWorkerState.erase(worker.rawValue, on: connection, logger: logger)
            try await connection.query(
                """
                INSERT INTO erased_worker (worker, account) VALUES (\(worker.rawValue), \(who))
                ON CONFLICT (worker) DO UPDATE SET erased_at = now(), account = excluded.account
                """, logger: logger)
            let entry = try await connection.query(
                """
                INSERT INTO audit_log (account, role, action, details)
                VALUES (\(who), 'manager', 'erase-worker', \("\(removed) records on the central server"))
                RETURNING id
                """, logger: logger
            ).collect().first?.decode(Int64.self)
            guard let entry else { throw CentralError.refused("the erasure's audit entry was not stored") }
            try await connection.query(
                "INSERT INTO audit_subject (entry, worker) VALUES (\(entry), \(worker.rawValue))", logger: logger)
            return removed
        }
    }

    /// Every station the uplinks have reported, sorted by id.
    public func stations() throws -> [StationSummary] {
        try rows(
            """
            SELECT s.id, s.cell, (extract(epoch FROM s.last_contact) * 1000000)::bigint, s.lag_s, s.pending,
                coalesce(string_agg(ss.instruction_set || '@' || ss.version, ', '
                    ORDER BY ss.instruction_set, ss.version), ''),
                coalesce((SELECT c.instruction_set || ' ' || c.to_version || ' ' || c.outcome
                    FROM station_set_change c WHERE c.station_id = s.id ORDER BY c.at DESC, c.id DESC LIMIT 1), '')
            FROM station s LEFT JOIN station_set ss ON ss.station_id = s.id
            GROUP BY s.id ORDER BY s.id
            """
        ).map { row in
            StationSummary(
                id: try row[0].decode(String.self), cell: try row[1].decode(String?.self).map { CellID($0) },
                lastContact: try row[2].decode(Int64?.self).map { Instant(central: $0 &* 1000) },
                lagSeconds: try row[3].decode(Double?.self), pending: Int(try row[4].decode(Int64.self)),
                setsInUse: try row[5].decode(String.self), lastInstall: try row[6].decode(String.self))
        }
    }

    // MARK: Calls

    /// The rows of one statement, read in full (the dashboard's pages are bounded by their queries).
    func rows(_ query: PostgresQuery) throws -> [PostgresRandomAccessRow] {
        let logger = pool.logger
        return try pool.wait { client in
            try await client.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
        }
    }

    /// Runs `body` in one transaction on one connection; rolled back when it throws.
    func transaction<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T
    ) throws -> T {
        let logger = pool.logger
        return try pool.wait { client in
            do {
                return try await client.withTransaction(logger: logger) { connection in
                    try await body(connection, logger)
                }
            } catch let error as PostgresTransactionError {
                // The caller's own refusal (a name taken), not the wrapper, once it is rolled back.
                if let refusal = error.closureError, error.rollbackError == nil { throw refusal }
                throw error
            }
        }
    }
}

/// SQL conditions with their bound values, numbered `$1`, `$2`… in the order they are added.
struct RecordFilter {
    private(set) var conditions: [String] = []
    private(set) var binds = PostgresBindings()

    /// Adds `condition`, given the placeholder of `value`.
    mutating func add(_ condition: (String) -> String, _ value: some PostgresDynamicTypeEncodable) {
        binds.append(value)
        conditions.append(condition("$\(binds.count)"))
    }
}

extension Instant {
    /// An instant from a server column in nanoseconds since the epoch; before the epoch reads as the epoch.
    init(central nanoseconds: Int64) { self.init(nanoseconds: UInt64(max(0, nanoseconds))) }
}
