import StepwiseCore

/// One step of one version of a set, summed over the records a store still holds: what the set
/// page's hot spots show before the day totals kept after retention are added.
public struct StepTotals: Hashable, Sendable {
    /// "-" for records without a version.
    public var version: String
    public var step: StepID
    public var counts = StepCounts()
    /// Distinct workers behind the counts.
    public var workers = 0

    public init(version: String, step: StepID) {
        self.version = version
        self.step = step
    }

    /// The totals read from `records` (oldest first) themselves, in the order the steps first
    /// appear (the work order): what the stores' SQL must equal.
    public static func build(_ records: [QualityRecord], of set: InstructionSetID) -> [StepTotals] {
        var order: [String] = []
        var totals: [String: (StepTotals, Set<WorkerPseudonym>)] = [:]
        for r in records where r.instructionSet == set {
            guard let step = r.step else { continue }
            let key = "\(r.version ?? "-")|\(step.rawValue)"
            if totals[key] == nil { order.append(key) }
            var (t, workers) = totals[key] ?? (StepTotals(version: r.version ?? "-", step: step), [])
            t.counts.count(r)
            if let worker = r.worker { workers.insert(worker) }
            t.workers = workers.count
            totals[key] = (t, workers)
        }
        return order.map { totals[$0]!.0 }
    }
}
