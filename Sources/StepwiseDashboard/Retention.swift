import Foundation
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
    /// The store's fold sums what `aggregate(_:)` sums.
    /// Returns the individual records deleted.
    public func applyRetention(before: Instant) throws -> Int {
        try workshop.applyRetention(before: before)
    }

    /// The stored per-day aggregates, oldest day first.
    public func stepDayAggregates(instructionSet: InstructionSetID? = nil) throws -> [StepDayAggregate] {
        try workshop.stepDayTotals(instructionSet: instructionSet).map {
            StepDayAggregate(
                day: $0.day, instructionSet: $0.instructionSet, version: $0.version, step: $0.step,
                counts: StepCounts(
                    runs: $0.runs, totalSeconds: $0.totalSeconds, wrongActions: $0.wrongActions,
                    hesitations: $0.hesitations, help: $0.help, byHand: $0.byHand),
                workers: $0.workers)
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
