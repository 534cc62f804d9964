import Foundation
import GRDB
import StepwiseCore

/// The quality log: every record the stations produce, and each worker's persisted skill, in one
/// SQLite file in WAL mode, so the dashboard and `stepwise report` read while the daemon writes.
///
/// Sendable because its only state is a `DatabasePool`, which serialises writes itself.
/// Worker identity here is a pseudonym only; badge ids live in `PseudonymRegistry`'s own file.
public final class QualityLog: Sendable {
    /// The file this log reads and writes.
    public let path: String
    let pool: DatabasePool
    /// The file opened, to tell when the path no longer leads to it.
    private let identity: FileIdentity?

    /// Opens (creating if needed) the log at `path` and brings its schema up to date.
    /// Throws `LogError.cannotOpen` when the file or its directory is unusable.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // Erased and expired rows are overwritten, not merely unlinked from the b-tree.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        configuration.busyMode = .timeout(5)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrate(pool)
        } catch {
            throw LogError.cannotOpen(path: path, reason: "\(error)")
        }
        identity = FileIdentity(path: path)
    }

    /// Brings the schema up to date. The daemon and the uplink may open a new log at the same moment:
    /// both read which migrations are applied, and the second to write finds its migration done
    /// by the first (its transaction fails and rolls back whole). Reading again then skips it.
    static func migrate(_ pool: DatabasePool) throws {
        for attempt in 1... {
            do {
                return try LogSchema.migrator.migrate(pool)
            } catch is DatabaseError where attempt < 5 {
                continue  // another process migrated meanwhile, or a real fault: the last try tells
            }
        }
    }

    /// Throws `LogError.fileMoved` if `path` no longer leads to the file this log has open
    /// (deleted, renamed, its directory moved): writing on would go where no reader looks.
    public func checkFileInPlace() throws {
        guard let identity, FileIdentity(path: path) == identity else { throw LogError.fileMoved(path: path) }
    }

    /// Appends `records` in one transaction: all of them are stored, or none.
    public func append(_ records: [QualityRecord]) throws {
        try append(records, skills: [])
    }

    /// Appends `records` and saves what the daemon learned in `skills` in one transaction, so a
    /// skill never runs ahead of the records that explain it. The coach's controls already in
    /// the file win over those in `skills`: the daemon holds a signed-in worker's skill for a whole
    /// session and must not undo a limit the coach changed meanwhile.
    public func append(_ records: [QualityRecord], skills: [WorkerSkill]) throws {
        let now = Self.wallClockNanoseconds()
        try pool.write { db in
            let insert = try db.cachedStatement(sql: QualityRecord.insertSQL)
            for record in records { try insert.execute(arguments: record.rowArguments) }
            for skill in skills { try Self.store(skill, keepingControls: true, at: now, in: db) }
        }
    }

    /// Records with `from <= at < to`, optionally of one worker, oldest first, at most `limit`.
    public func records(
        from: Instant? = nil, to: Instant? = nil, worker: WorkerPseudonym? = nil, limit: Int? = nil
    ) throws -> [QualityRecord] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let from {
            conditions.append("at_ns >= ?")
            arguments.append(Int64(clamping: from.nanoseconds))
        }
        if let to {
            conditions.append("at_ns < ?")
            arguments.append(Int64(clamping: to.nanoseconds))
        }
        if let worker {
            conditions.append("worker = ?")
            arguments.append(worker.rawValue)
        }
        var sql = "SELECT \(QualityRecord.readColumns) FROM quality_record"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY at_ns, id"
        if let limit {
            sql += " LIMIT ?"
            arguments.append(max(0, limit))
        }
        let statementArguments = StatementArguments(arguments)
        let rows = try pool.read { db in try Row.fetchAll(db, sql: sql, arguments: statementArguments) }
        return try rows.map(QualityRecord.init(row:))
    }

    /// The stored skill of `worker` in `instructionSet`, or nil if they never worked on it.
    public func loadSkill(worker: WorkerPseudonym, instructionSet: InstructionSetID) throws -> WorkerSkill? {
        let json = try pool.read { db in
            try String.fetchOne(
                db, sql: "SELECT json FROM worker_skill WHERE worker = ? AND instruction_set = ?",
                arguments: [worker.rawValue, instructionSet.rawValue])
        }
        guard let json else { return nil }
        do {
            return try JSONDecoder().decode(WorkerSkill.self, from: Data(json.utf8))
        } catch {
            throw LogError.unreadableSkill(worker: worker, instructionSet: instructionSet, reason: "\(error)")
        }
    }

    /// Stores `skill` whole, its controls included, replacing the previous one of the same worker and set.
    public func saveSkill(_ skill: WorkerSkill) throws {
        try pool.write { db in
            try Self.store(skill, keepingControls: false, at: Self.wallClockNanoseconds(), in: db)
        }
    }

    /// Sets the coach's `controls` for `worker` in `instructionSet`, leaving the learned skill as
    /// it is (a new, empty skill if the worker never worked on the set). Returns the stored skill.
    @discardableResult
    public func saveControls(
        _ controls: CoachControls, worker: WorkerPseudonym, instructionSet: InstructionSetID
    ) throws -> WorkerSkill {
        var skill =
            try loadSkill(worker: worker, instructionSet: instructionSet)
            ?? WorkerSkill(worker: worker, instructionSet: instructionSet)
        skill.controls = controls
        try saveSkill(skill)
        return skill
    }

    /// Right to erasure: deletes every record, skill and preference of `worker`. Returns the rows removed.
    public func eraseWorker(_ worker: WorkerPseudonym) throws -> Int {
        let removed = try pool.write { db in
            try db.execute(sql: "DELETE FROM quality_record WHERE worker = ?", arguments: [worker.rawValue])
            let records = db.changesCount
            try db.execute(sql: "DELETE FROM worker_skill WHERE worker = ?", arguments: [worker.rawValue])
            let skills = db.changesCount
            try db.execute(sql: "DELETE FROM worker_preferences WHERE worker = ?", arguments: [worker.rawValue])
            let preferences = db.changesCount
            try Self.forgetWorkerState(of: worker, in: db)
            return records + skills + preferences
        }
        checkpoint()
        return removed
    }

    /// Retention: deletes records older than `before` that the central store has (all of them
    /// when no uplink ships this log). Skills stay: they are the worker's current guidance state,
    /// not a history. Returns the rows removed.
    public func deleteRecords(before: Instant) throws -> Int {
        let removed = try pool.write { db in
            try db.execute(
                sql: "DELETE FROM quality_record WHERE at_ns < ? AND \(UplinkOutbox.acknowledgedCondition)",
                arguments: [Int64(clamping: before.nanoseconds)])
            return db.changesCount
        }
        checkpoint()
        return removed
    }

    /// SQLite's own check of the file: "ok", or what is damaged (after a crash or a power cut).
    public func integrityCheck() throws -> String {
        try pool.read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
        }
    }

    /// The SQLite journal mode in use ("wal"), for diagnostics and tests.
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Copies deleted pages out of the WAL into the (secure-deleted) main file. Best effort on
    /// purpose: a busy reader only delays it to SQLite's next automatic checkpoint.
    func checkpoint() {
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }

    static func encode(_ skill: WorkerSkill) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(skill), as: UTF8.self)
    }

    /// When a skill row was written; bookkeeping of the storage layer, not an input to guidance.
    static func wallClockNanoseconds() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1e9)
    }
}
