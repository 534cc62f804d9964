import PostgresNIO
import StepwiseCore
import StepwiseLog

/// Retention centrally: records older than the cutoff become per-day totals per station, in the
/// transaction that deletes them, as on a station.
extension PostgresWorkshop {
    public func applyRetention(before: Instant) throws -> Int {
        let cutoff = Int64(clamping: before.nanoseconds)
        return try transaction { connection, logger in
            try await connection.query(
                PostgresQuery(unsafeSQL: Self.foldSQL, binds: Self.binds(cutoff)), logger: logger)
            let removed = try await connection.query(
                "DELETE FROM quality_record WHERE at_ns < \(cutoff) RETURNING 1", logger: logger
            ).collect().count
            try await connection.query("DELETE FROM sign_in_failure WHERE last_ns < \(cutoff)", logger: logger)
            return removed
        }
    }

    /// The station's fold (`SQLiteWorkshop.foldSQL`) per station, in PostgreSQL's words.
    static let foldSQL = """
        INSERT INTO step_day (day, station_id, instruction_set, version, step, runs, total_seconds,
            wrong_actions, hesitations, help, by_hand, workers)
        SELECT (at AT TIME ZONE 'UTC')::date, station_id, instruction_set, coalesce(version, '-'), step,
            count(*) FILTER (WHERE kind = 'step-done'),
            coalesce(sum(duration_s) FILTER (WHERE kind = 'step-done'), 0),
            count(*) FILTER (WHERE kind = 'wrong-action'), count(*) FILTER (WHERE kind = 'hesitation'),
            count(*) FILTER (WHERE kind = 'help'), count(*) FILTER (WHERE kind = 'confirmed-by-hand'),
            count(DISTINCT worker)
        FROM quality_record
        WHERE at_ns < $1 AND instruction_set IS NOT NULL AND step IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT (day, station_id, instruction_set, version, step) DO UPDATE SET
            runs = step_day.runs + excluded.runs, total_seconds = step_day.total_seconds + excluded.total_seconds,
            wrong_actions = step_day.wrong_actions + excluded.wrong_actions,
            hesitations = step_day.hesitations + excluded.hesitations, help = step_day.help + excluded.help,
            by_hand = step_day.by_hand + excluded.by_hand,
            workers = greatest(coalesce(step_day.workers, 0), excluded.workers)
        """

    private static func binds(_ cutoff: Int64) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(cutoff)
        return binds
    }

    /// Totals over every station per day and step. The workers a day counts are at least the most
    /// any one station counted (the same worker at two stations must not count twice).
    public func stepDayTotals(instructionSet: InstructionSetID?) throws -> [StepDayTotals] {
        var binds = PostgresBindings()
        if let instructionSet { binds.append(instructionSet.rawValue) }
        let sql = """
            SELECT to_char(day, 'YYYY-MM-DD'), instruction_set, version, step, sum(runs)::bigint,
                sum(total_seconds), sum(wrong_actions)::bigint, sum(hesitations)::bigint, sum(help)::bigint,
                sum(by_hand)::bigint, max(workers)
            FROM step_day \(instructionSet == nil ? "" : "WHERE instruction_set = $1")
            GROUP BY day, instruction_set, version, step ORDER BY day, instruction_set, version, step
            """
        return try rows(PostgresQuery(unsafeSQL: sql, binds: binds)).map { row in
            func count(_ index: Int) throws -> Int { Int(try row[index].decode(Int64.self)) }
            return StepDayTotals(
                day: try row[0].decode(String.self), instructionSet: InstructionSetID(try row[1].decode(String.self)),
                version: try row[2].decode(String.self), step: StepID(try row[3].decode(String.self)),
                runs: try count(4), totalSeconds: try row[5].decode(Double.self), wrongActions: try count(6),
                hesitations: try count(7), help: try count(8), byHand: try count(9),
                workers: try row[10].decode(Int64?.self).map(Int.init))
        }
    }
}
