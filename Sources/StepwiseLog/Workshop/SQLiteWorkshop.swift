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

    public func dayCounts() throws -> [DayCounts] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT date(at_ns / 1000000000, 'unixepoch') AS day, sum(kind = 'cycle-done') AS cycles,
                        sum(kind = 'step-done') AS steps, sum(kind = 'wrong-action') AS wrong,
                        sum(kind = 'help') AS help, sum(kind = 'confirmed-by-hand') AS by_hand,
                        count(DISTINCT worker) AS workers
                    FROM quality_record GROUP BY day ORDER BY day
                    """)
        }.map {
            var counts = DayCounts(day: $0["day"])
            (counts.cycles, counts.steps, counts.wrongActions) = ($0["cycles"], $0["steps"], $0["wrong"])
            (counts.help, counts.byHand, counts.workers) = ($0["help"], $0["by_hand"], $0["workers"])
            return counts
        }
    }

    public func setSummaries() throws -> [SetSummary] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT instruction_set, group_concat(DISTINCT version) AS versions,
                        count(DISTINCT worker) AS workers, sum(kind = 'cycle-done') AS cycles
                    FROM quality_record WHERE instruction_set IS NOT NULL
                    GROUP BY instruction_set ORDER BY instruction_set
                    """)
        }.map {
            let versions = (($0["versions"] as String?) ?? "").split(separator: ",").map(String.init).sorted()
            return SetSummary(
                instructionSet: InstructionSetID($0["instruction_set"] as String), versions: versions,
                workers: $0["workers"], cyclesDone: $0["cycles"])
        }
    }

    public func stepTotals(of set: InstructionSetID) throws -> [StepTotals] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT coalesce(version, '-') AS v, step, sum(kind = 'step-done') AS runs,
                        total(CASE WHEN kind = 'step-done' THEN coalesce(duration_s, 0) END) AS seconds,
                        sum(kind = 'wrong-action') AS wrong, sum(kind = 'hesitation') AS hesitations,
                        sum(kind = 'help') AS help, sum(kind = 'confirmed-by-hand') AS by_hand,
                        count(DISTINCT worker) AS workers, min(at_ns) AS first_at, min(id) AS first_id
                    FROM quality_record WHERE instruction_set = ? AND step IS NOT NULL
                    GROUP BY v, step ORDER BY first_at, first_id
                    """, arguments: [set.rawValue])
        }.map {
            var totals = StepTotals(version: $0[0], step: StepID($0[1] as String))
            (totals.runs, totals.totalSeconds, totals.wrongActions) = ($0[2], $0[3], $0[4])
            (totals.hesitations, totals.help, totals.byHand, totals.workers) = ($0[5], $0[6], $0[7], $0[8])
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
