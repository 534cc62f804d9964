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
