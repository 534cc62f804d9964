import GRDB
import StepwiseCore

/// Retention: records older than the cutoff become per-day totals, in the transaction that deletes them.
extension SQLiteWorkshop {
    public func applyRetention(before: Instant) throws -> Int {
        let removed = try pool.write { db -> Int in
            try db.execute(sql: Self.foldSQL, arguments: [before.column])
            try db.execute(
                sql: "DELETE FROM quality_record WHERE at_ns < ? AND \(UplinkOutbox.acknowledgedCondition)",
                arguments: [before.column])
            let removed = db.changesCount
            // Long expired (the throttle forgets after an hour); rows also go on every sign-in.
            try db.execute(sql: "DELETE FROM dashboard_signin_failure WHERE last_ns < ?", arguments: [before.column])
            return removed
        }
        // Best effort: a busy reader only delays moving the deleted pages out of the WAL.
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        return removed
    }

    /// The sums the dashboard's live counts make (`StepCounts`), in SQL, so a crash never counts
    /// a record twice nor loses it uncounted. Only rows the central store has (or every row, when
    /// no uplink ships this log) are folded, as only those are deleted.
    static let foldSQL = """
        INSERT INTO step_day_aggregate (day, instruction_set, version, step, runs, total_seconds,
            wrong_actions, hesitations, help, by_hand, workers)
        SELECT date(at_ns / 1000000000, 'unixepoch'), instruction_set, coalesce(version, '-'), step,
            sum(kind = 'step-done'), sum(CASE WHEN kind = 'step-done' THEN coalesce(duration_s, 0) ELSE 0 END),
            sum(kind = 'wrong-action'), sum(kind = 'hesitation'), sum(kind = 'help'), sum(kind = 'confirmed-by-hand'),
            count(DISTINCT worker)
        FROM quality_record
        WHERE at_ns < ? AND instruction_set IS NOT NULL AND step IS NOT NULL AND \(UplinkOutbox.acknowledgedCondition)
        GROUP BY 1, 2, 3, 4
        ON CONFLICT (day, instruction_set, version, step) DO UPDATE SET
            runs = runs + excluded.runs, total_seconds = total_seconds + excluded.total_seconds,
            wrong_actions = wrong_actions + excluded.wrong_actions,
            hesitations = hesitations + excluded.hesitations, help = help + excluded.help,
            by_hand = by_hand + excluded.by_hand,
            workers = max(coalesce(workers, 0), excluded.workers)
        """

    public func stepDayTotals(instructionSet: InstructionSetID?) throws -> [StepDayTotals] {
        try pool.read { db in
            let filter = instructionSet == nil ? "" : "WHERE instruction_set = ?"
            let arguments: StatementArguments = instructionSet.map { [$0.rawValue] } ?? []
            return try Row.fetchAll(
                db, sql: "SELECT * FROM step_day_aggregate \(filter) ORDER BY day, instruction_set, version, step",
                arguments: arguments
            ).map {
                StepDayTotals(
                    day: $0["day"], instructionSet: InstructionSetID($0["instruction_set"] as String),
                    version: $0["version"], step: StepID($0["step"] as String), runs: $0["runs"],
                    totalSeconds: $0["total_seconds"], wrongActions: $0["wrong_actions"],
                    hesitations: $0["hesitations"], help: $0["help"], byHand: $0["by_hand"], workers: $0["workers"])
            }
        }
    }
}
