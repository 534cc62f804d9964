import Foundation
import GRDB
import StepwiseCore
import StepwiseLog

/// One step's work on one day, kept after the individual records are gone: no worker, no cycle.
@dynamicMemberLookup
public struct StepDayAggregate: Hashable, Sendable {
    public var day: String
    public var instructionSet: InstructionSetID
    public var version: String
    public var step: StepID
    public var counts: StepCounts
    /// How many distinct workers the counts cover, at least; nil for totals kept before this was
    /// counted (then the dashboard shows them as too small a group).
    public var workers: Int? = nil
    /// `aggregate.runs`, `aggregate.help` … read straight from the counts.
    public subscript<Value>(dynamicMember keyPath: KeyPath<StepCounts, Value>) -> Value { counts[keyPath: keyPath] }
}

extension DashboardStore {
    /// Retention: folds every record older than `before` into `step_day_aggregate` and deletes
    /// it, in ONE transaction, so a crash never counts a record twice nor loses it uncounted.
    /// (`QualityLog.deleteRecords(before:)` does the deletion alone, in its own transaction.)
    /// Returns the individual records deleted.
    public func applyRetention(before: Instant) throws -> Int {
        let cutoff = Int64(clamping: before.nanoseconds)
        let removed = try pool.write { db -> Int in
            try db.execute(sql: Self.foldSQL, arguments: [cutoff])
            try db.execute(sql: "DELETE FROM quality_record WHERE at_ns < ?", arguments: [cutoff])
            let removed = db.changesCount
            // Long expired (the throttle forgets after an hour); rows also go on every sign-in.
            try forgetSignInFailures(before: before, db)
            return removed
        }
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        return removed
    }

    /// Same sums as `aggregate(_:)`, in SQL, so they run inside the deleting transaction.
    static let foldSQL = """
        INSERT INTO step_day_aggregate (day, instruction_set, version, step, runs, total_seconds,
            wrong_actions, hesitations, help, by_hand, workers)
        SELECT date(at_ns / 1000000000, 'unixepoch'), instruction_set, coalesce(version, '-'), step,
            sum(kind = 'step-done'), sum(CASE WHEN kind = 'step-done' THEN coalesce(duration_s, 0) ELSE 0 END),
            sum(kind = 'wrong-action'), sum(kind = 'hesitation'), sum(kind = 'help'), sum(kind = 'confirmed-by-hand'),
            count(DISTINCT worker)
        FROM quality_record
        WHERE at_ns < ? AND instruction_set IS NOT NULL AND step IS NOT NULL
        GROUP BY 1, 2, 3, 4
        ON CONFLICT (day, instruction_set, version, step) DO UPDATE SET
            runs = runs + excluded.runs, total_seconds = total_seconds + excluded.total_seconds,
            wrong_actions = wrong_actions + excluded.wrong_actions,
            hesitations = hesitations + excluded.hesitations, help = help + excluded.help,
            by_hand = by_hand + excluded.by_hand,
            workers = max(coalesce(workers, 0), excluded.workers)
        """

    /// The stored per-day aggregates, oldest day first.
    public func stepDayAggregates(instructionSet: InstructionSetID? = nil) throws -> [StepDayAggregate] {
        try pool.read { db in
            let filter = instructionSet == nil ? "" : "WHERE instruction_set = ?"
            let arguments: StatementArguments = instructionSet.map { [$0.rawValue] } ?? []
            return try Row.fetchAll(
                db, sql: "SELECT * FROM step_day_aggregate \(filter) ORDER BY day, instruction_set, version, step",
                arguments: arguments
            ).map {
                StepDayAggregate(
                    day: $0["day"], instructionSet: InstructionSetID($0["instruction_set"] as String),
                    version: $0["version"], step: StepID($0["step"] as String),
                    counts: StepCounts(
                        runs: $0["runs"], totalSeconds: $0["total_seconds"], wrongActions: $0["wrong_actions"],
                        hesitations: $0["hesitations"], help: $0["help"], byHand: $0["by_hand"]),
                    workers: $0["workers"])
            }
        }
    }

    /// Sums `records` per UTC day, set, version and step. Pure.
    static func aggregate(_ records: [QualityRecord]) -> [StepDayAggregate] {
        var sums: [String: StepDayAggregate] = [:]
        for record in records {
            guard let set = record.instructionSet, let step = record.step else { continue }
            let day = String(RecordFormat.isoTime(record.at).prefix(10))
            let version = record.version ?? "-"
            let key = [day, set.rawValue, version, step.rawValue].joined(separator: "|")
            var sum =
                sums[key]
                ?? StepDayAggregate(
                    day: day, instructionSet: set, version: version, step: step, counts: StepCounts())
            sum.counts.count(record)
            sums[key] = sum
        }
        return sums.keys.sorted().map { sums[$0]! }
    }
}
