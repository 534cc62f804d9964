import GRDB
import StepwiseCore

/// The workshop store of one station: the dashboard's tables beside the records in the station's
/// quality log (WAL, so pages read while the daemon writes). Sendable: its state is the log's pool.
public final class SQLiteWorkshop: WorkshopStore {
    /// The quality log on the same file: records and skills go through its API.
    public let log: QualityLog
    var pool: DatabasePool { log.pool }

    /// Opens (creating if needed) the log at `path`; its migrations make the dashboard's tables.
    public init(path: String) throws {
        log = try QualityLog(path: path)
    }

    public func records(from: Instant?, to: Instant?, worker: WorkerPseudonym?, limit: Int?) throws -> [QualityRecord] {
        try log.records(from: from, to: to, worker: worker, limit: limit)
    }

    // The three page queries read the totals the log's triggers keep (`QualityLog+PageTotals`).

    public func dayCounts() throws -> [DayCounts] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.day, cycles, steps, wrong, help, by_hand,
                        (SELECT count(*) FROM page_day_worker w WHERE w.day = t.day)
                    FROM page_day_total t ORDER BY t.day
                    """)
        }.map {
            var counts = DayCounts(day: $0[0])
            (counts.cycles, counts.steps, counts.wrongActions) = ($0[1], $0[2], $0[3])
            (counts.help, counts.byHand, counts.workers) = ($0[4], $0[5], $0[6])
            return counts
        }
    }

    public func setSummaries() throws -> [SetSummary] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.instruction_set, cycles,
                        (SELECT group_concat(version, char(31)) FROM page_set_version v
                            WHERE v.instruction_set = t.instruction_set),
                        (SELECT count(*) FROM page_set_worker w WHERE w.instruction_set = t.instruction_set)
                    FROM page_set_total t ORDER BY t.instruction_set
                    """)
        }.map {
            let versions = (($0[2] as String?) ?? "").split(separator: "\u{1F}").map(String.init).sorted()
            return SetSummary(
                instructionSet: InstructionSetID($0[0] as String), versions: versions, workers: $0[3],
                cyclesDone: $0[1])
        }
    }

    public func stepTotals(of set: InstructionSetID) throws -> [StepTotals] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT version, step, runs, seconds, wrong, hesitations, help, by_hand,
                        (SELECT count(*) FROM page_step_worker w WHERE w.instruction_set = t.instruction_set
                            AND w.version = t.version AND w.step = t.step)
                    FROM page_step_total t WHERE instruction_set = ? ORDER BY first_at, first_id
                    """, arguments: [set.rawValue])
        }.map {
            var totals = StepTotals(version: $0[0], step: StepID($0[1] as String))
            totals.counts = StepCounts(
                runs: $0[2], totalSeconds: $0[3], wrongActions: $0[4], hesitations: $0[5], help: $0[6], byHand: $0[7])
            totals.workers = $0[8]
            return totals
        }
    }

    public func recentUnits(of set: InstructionSetID, workers: [WorkerPseudonym]?, limit: Int) throws
        -> [QualityRecord]
    {
        try log.recentUnits(of: set, workers: workers, limit: limit)
    }

    public func recordsOfUnit(cell: CellID, done: Instant) throws -> [QualityRecord] {
        try log.recordsOfUnit(cell: cell, done: done)
    }

    public func recordsDecidingCells() throws -> [QualityRecord] {
        try log.recordsDecidingCells()
    }

    public func loadSkill(worker: WorkerPseudonym, instructionSet: InstructionSetID) throws -> WorkerSkill? {
        try log.loadSkill(worker: worker, instructionSet: instructionSet)
    }

    public func skills(of worker: WorkerPseudonym) throws -> [WorkerSkill] {
        let sets = try pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT instruction_set FROM worker_skill WHERE worker = ? ORDER BY instruction_set",
                arguments: [worker.rawValue])
        }
        return try sets.compactMap { try log.loadSkill(worker: worker, instructionSet: InstructionSetID($0)) }
    }

    public func saveControls(_ controls: CoachControls, worker: WorkerPseudonym, instructionSet: InstructionSetID)
        throws -> WorkerSkill
    {
        try log.saveControls(controls, worker: worker, instructionSet: instructionSet)
    }

    public func knownInstructionSets() throws -> [InstructionSetID] {
        try pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT instruction_set FROM worker_skill UNION
                    SELECT instruction_set FROM quality_record WHERE instruction_set IS NOT NULL
                    ORDER BY 1
                    """)
        }.map { InstructionSetID($0) }
    }

    public func knowsWorker(_ worker: WorkerPseudonym) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM quality_record WHERE worker = ?)
                        OR EXISTS (SELECT 1 FROM worker_skill WHERE worker = ?)
                    """, arguments: [worker.rawValue, worker.rawValue]) ?? false
        }
    }

    public func eraseWorker(_ worker: WorkerPseudonym) throws -> Int {
        let removed = try log.eraseWorker(worker)
        try pool.write { db in
            try db.execute(sql: "DELETE FROM dashboard_coach_worker WHERE worker = ?", arguments: [worker.rawValue])
        }
        return removed
    }
}

extension Instant {
    /// The column value of an instant: nanoseconds since the epoch, clamped to SQLite's integer.
    var column: Int64 { Int64(clamping: nanoseconds) }

    init(column: Int64) { self.init(nanoseconds: UInt64(clamping: column)) }
}
