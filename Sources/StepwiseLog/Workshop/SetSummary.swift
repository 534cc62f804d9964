import StepwiseCore

/// One instruction set over the records a store still holds: its versions, how many workers and
/// how many finished cycles (before the day totals kept after retention are added).
public struct SetSummary: Hashable, Sendable {
    public var instructionSet: InstructionSetID
    /// Sorted.
    public var versions: [String]
    public var workers: Int
    public var cyclesDone: Int

    public init(instructionSet: InstructionSetID, versions: [String], workers: Int, cyclesDone: Int) {
        self.instructionSet = instructionSet
        self.versions = versions
        self.workers = workers
        self.cyclesDone = cyclesDone
    }

    /// The summaries read from `records` themselves, sorted by set: what the stores' SQL must equal.
    public static func build(_ records: [QualityRecord]) -> [SetSummary] {
        Dictionary(grouping: records.filter { $0.instructionSet != nil }, by: { $0.instructionSet! })
            .map { set, ofSet in
                SetSummary(
                    instructionSet: set, versions: Set(ofSet.compactMap(\.version)).sorted(),
                    workers: Set(ofSet.compactMap(\.worker)).count,
                    cyclesDone: ofSet.filter { $0.kind == .cycleDone }.count)
            }
            .sorted { $0.instructionSet < $1.instructionSet }
    }
}

/// One UTC day's counts over the records a store still holds.
public struct DayCounts: Hashable, Sendable {
    /// "2026-01-05".
    public var day: String
    public var cycles = 0
    public var steps = 0
    public var wrongActions = 0
    public var help = 0
    public var byHand = 0
    public var workers = 0

    public init(day: String) { self.day = day }

    /// The counts read from `records` themselves, sorted by day: what the stores' SQL must equal.
    public static func build(_ records: [QualityRecord]) -> [DayCounts] {
        var days: [String: (DayCounts, Set<WorkerPseudonym>)] = [:]
        for record in records {
            let day = String(RecordFormat.isoTime(record.at).prefix(10))
            var (counts, workers) = days[day] ?? (DayCounts(day: day), [])
            switch record.kind {
            case .cycleDone: counts.cycles += 1
            case .stepDone: counts.steps += 1
            case .wrongAction: counts.wrongActions += 1
            case .help: counts.help += 1
            case .confirmedByHand: counts.byHand += 1
            default: break
            }
            if let worker = record.worker { workers.insert(worker) }
            counts.workers = workers.count
            days[day] = (counts, workers)
        }
        return days.values.map(\.0).sorted { $0.day < $1.day }
    }
}
