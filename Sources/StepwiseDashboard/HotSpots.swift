import StepwiseCore
import StepwiseLog

/// Where an instruction set causes trouble: per step and version, over all workers, with the
/// day aggregates that retention left behind. No worker identity at all.
public struct HotSpots: Sendable, Equatable {
    @dynamicMemberLookup
    public struct Row: Sendable, Equatable {
        public var version: String
        public var step: StepID
        public var counts: StepCounts
        /// Distinct workers behind the counts, at least (day totals count theirs per day).
        public var workers: Int
        /// `row.runs`, `row.help` … read straight from the counts.
        public subscript<Value>(dynamicMember keyPath: KeyPath<StepCounts, Value>) -> Value { counts[keyPath: keyPath] }
    }

    public var instructionSet: InstructionSetID
    /// In work order (as the steps first appear), aggregated steps no longer in the log last.
    public var rows: [Row]

    /// From the records themselves (oldest first): the reference the store's totals must equal.
    public init(instructionSet: InstructionSetID, records: [QualityRecord], aggregates: [StepDayAggregate]) {
        self.init(
            instructionSet: instructionSet, totals: StepTotals.build(records, of: instructionSet),
            aggregates: aggregates)
    }

    /// From the store's step totals, with the day totals retention kept.
    public init(instructionSet: InstructionSetID, totals: [StepTotals], aggregates: [StepDayAggregate]) {
        self.instructionSet = instructionSet
        var rows = totals.map { Row(version: $0.version, step: $0.step, counts: $0.counts, workers: $0.workers) }
        for a in aggregates where a.instructionSet == instructionSet {
            // Live records and day totals may name the same workers: the larger count is a safe lower bound.
            if let i = rows.firstIndex(where: { $0.version == a.version && $0.step == a.step }) {
                rows[i].counts.add(a.counts)
                rows[i].workers = max(rows[i].workers, a.workers ?? 0)
            } else {
                rows.append(Row(version: a.version, step: a.step, counts: a.counts, workers: a.workers ?? 0))
            }
        }
        self.rows = rows
    }

    /// The rows as `minimumGroup` lets them be shown: a step behind too few workers keeps its
    /// name, its counts are left out.
    func table(_ minimumGroup: MinimumGroup) -> DataTable {
        DataTable(
            id: "hotspots", title: "Step hot spots",
            columns: [
                "version", "step", "runs", "mean time", "wrong actions", "hesitations", "help", "by hand",
                "trouble per 10 runs",
            ],
            rows: rows.map {
                guard minimumGroup.shows($0.workers) else {
                    return [$0.version, $0.step.rawValue, minimumGroup.hidden, "–", "–", "–", "–", "–", "–"]
                }
                return [
                    $0.version, $0.step.rawValue, "\($0.runs)",
                    Format.seconds($0.runs > 0 ? $0.totalSeconds / Double($0.runs) : nil), "\($0.wrongActions)",
                    "\($0.hesitations)", "\($0.help)", "\($0.byHand)", Self.rate($0.trouble, per: $0.runs),
                ]
            })
    }

    static func rate(_ count: Int, per runs: Int) -> String {
        runs > 0 ? String(format: "%.1f", Double(count) * 10 / Double(runs)) : "–"
    }
}

/// Work per day across all workers and cells: what a manager sees. Counts, never people.
public struct DailyTotals: Sendable, Equatable {
    public var rows: [(day: String, cycles: Int, steps: Int, wrong: Int, help: Int, byHand: Int, workers: Int)]

    public static func == (a: Self, b: Self) -> Bool { a.rows.map { "\($0)" } == b.rows.map { "\($0)" } }

    /// `workers` is a lower bound: the live records' distinct workers, or the largest count of a
    /// day total, whichever is larger.
    public init(days: [DayCounts], aggregates: [StepDayAggregate]) {
        var totals = Dictionary(uniqueKeysWithValues: days.map { ($0.day, $0) })
        var retained: [String: Int] = [:]
        for a in aggregates {
            var d = totals[a.day] ?? DayCounts(day: a.day)
            d.steps += a.runs
            d.wrongActions += a.wrongActions
            d.help += a.help
            d.byHand += a.byHand
            totals[a.day] = d
            retained[a.day] = max(retained[a.day] ?? 0, a.workers ?? 0)
        }
        rows = totals.keys.sorted().map { day in
            let d = totals[day]!
            return (day, d.cycles, d.steps, d.wrongActions, d.help, d.byHand, max(d.workers, retained[day] ?? 0))
        }
    }

    public init(records: [QualityRecord], aggregates: [StepDayAggregate]) {
        self.init(days: DayCounts.build(records), aggregates: aggregates)
    }

    /// A day behind fewer workers than `minimumGroup` keeps its date; its counts are left out.
    func table(_ minimumGroup: MinimumGroup) -> DataTable {
        DataTable(
            id: "days", title: "Work per day (all cells, all workers together)",
            columns: ["day", "cycles", "steps done", "wrong actions", "help", "by hand", "workers signed in"],
            rows: rows.map {
                guard minimumGroup.shows($0.workers) else {
                    return [$0.day, "–", "–", "–", "–", "–", minimumGroup.hidden]
                }
                return [
                    $0.day, "\($0.cycles)", "\($0.steps)", "\($0.wrong)", "\($0.help)", "\($0.byHand)",
                    "\($0.workers)",
                ]
            })
    }
}
