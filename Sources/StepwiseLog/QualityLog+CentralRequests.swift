import GRDB
import StepwiseCore

/// The daemon has no network (its unit denies it); the uplink has. At sign-in the daemon's
/// profile worker asks through the log they share: a `worker_state_wanted` row wakes the uplink
/// (it watches the log), which reads the worker's central state, reconciles it into the log
/// (`adopt`) and marks the row answered; the daemon then reads the worker's profile as usual.
extension QualityLog {
    /// Whether an uplink ships this log (it set its mark): only then is anyone there to answer.
    public func isShipped() throws -> Bool {
        try pool.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM uplink_ack)") ?? false }
    }

    /// Asks for `worker`'s central state; returns the request's stamp for `isAnswered`.
    public func askCentral(for worker: WorkerPseudonym) throws -> Int64 {
        let asked = Self.wallClockNanoseconds()
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO worker_state_wanted (worker, asked_ns, answered_ns) VALUES (?, ?, NULL)
                    ON CONFLICT (worker) DO UPDATE SET asked_ns = excluded.asked_ns, answered_ns = NULL
                    """,
                arguments: [worker.rawValue, asked])
        }
        return asked
    }

    /// Whether the request `asked` (or a later one) for `worker` was answered.
    public func isAnswered(_ worker: WorkerPseudonym, asked: Int64) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM worker_state_wanted
                        WHERE worker = ? AND asked_ns >= ? AND answered_ns IS NOT NULL)
                    """,
                arguments: [worker.rawValue, asked]) ?? false
        }
    }

    /// The requests not yet answered, oldest first: (worker, stamp).
    public func wantedWorkers() throws -> [(worker: WorkerPseudonym, asked: Int64)] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT worker, asked_ns FROM worker_state_wanted WHERE answered_ns IS NULL ORDER BY asked_ns"
            ).map { (worker: WorkerPseudonym($0["worker"] as String), asked: $0["asked_ns"] as Int64) }
        }
    }

    /// Reconciles `central` into the log (`adopt`), then answers the request `asked`; a newer
    /// request of the same worker stays open.
    public func answer(_ central: WorkerState, asked: Int64) throws {
        try adopt(central)
        try pool.write { db in
            try db.execute(
                sql: "UPDATE worker_state_wanted SET answered_ns = ? WHERE worker = ? AND asked_ns = ?",
                arguments: [Self.wallClockNanoseconds(), central.worker.rawValue, asked])
        }
    }
}
