import StepwiseCore

extension Report {
    /// Summarises the records with `from <= at < to`. Pure: the same records give the same report.
    /// Records at the same instant keep their given (log) order.
    public static func build(records: [QualityRecord], from: Instant? = nil, to: Instant? = nil) -> Report {
        let inPeriod = records.filter { record in
            (from.map { record.at >= $0 } ?? true) && (to.map { record.at < $0 } ?? true)
        }.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        let byWorker = Dictionary(grouping: inPeriod.filter { $0.worker != nil }) { $0.worker! }
        let workers = byWorker.keys.sorted().map { WorkerSummary(worker: $0, records: byWorker[$0]!) }
        let stepKeys = inPeriod.compactMap(StepKey.init(record:))
        let byStep = Dictionary(grouping: inPeriod) { StepKey(record: $0) }
        let steps = Set(stepKeys).sorted().map { StepSummary(key: $0, records: byStep[$0] ?? []) }
        return Report(period: Period(from: from, to: to), perWorker: workers, perStep: steps)
    }
}

/// Instruction set and step of a record, the key of a `StepSummary`.
struct StepKey: Hashable, Comparable {
    var instructionSet: InstructionSetID
    var step: StepID

    init?(record: QualityRecord) {
        guard let set = record.instructionSet, let step = record.step else { return nil }
        instructionSet = set
        self.step = step
    }

    static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.instructionSet, lhs.step) < (rhs.instructionSet, rhs.step)
    }
}

extension WorkerSummary {
    /// `records` are one worker's, oldest first.
    init(worker: WorkerPseudonym, records: [QualityRecord]) {
        func count(_ kind: QualityRecord.Kind) -> Int { records.filter { $0.kind == kind }.count }
        let cycleTimes = records.filter { $0.kind == .cycleDone }.compactMap(\.durationSeconds)
        self.init(
            worker: worker, cycles: count(.cycleDone), stepsDone: count(.stepDone),
            medianCycleSeconds: median(cycleTimes), wrongActions: count(.wrongAction),
            hesitations: count(.hesitation), helpRequests: count(.help),
            currentLevels: Self.currentLevels(records), levelChanges: Self.lastChanges(records, keep: 5))
    }

    private static func currentLevels(_ records: [QualityRecord]) -> [StepLevel] {
        var latest: [StepKey: GuidanceLevel] = [:]
        for record in records where record.kind == .levelChanged || record.kind == .stepStarted {
            if let key = StepKey(record: record), let level = record.level { latest[key] = level }
        }
        return latest.keys.sorted().map {
            StepLevel(instructionSet: $0.instructionSet, step: $0.step, level: latest[$0]!.name)
        }
    }

    private static func lastChanges(_ records: [QualityRecord], keep: Int) -> [LevelChange] {
        records.filter { $0.kind == .levelChanged && $0.level != nil }.suffix(keep).map {
            LevelChange(
                at: $0.at, instructionSet: $0.instructionSet, step: $0.step, from: $0.previousLevel?.name,
                to: $0.level!.name, reasonCode: $0.reason, reason: RecordFormat.explanation($0))
        }
    }
}

extension StepSummary {
    init(key: StepKey, records: [QualityRecord]) {
        func count(_ kind: QualityRecord.Kind) -> Int { records.filter { $0.kind == kind }.count }
        let done = records.filter { $0.kind == .stepDone }
        var levels: [String: Int] = [:]
        for record in done { if let level = record.level { levels[level.name, default: 0] += 1 } }
        self.init(
            instructionSet: key.instructionSet, step: key.step, runs: done.count,
            medianSeconds: median(done.compactMap(\.durationSeconds)), wrongActions: count(.wrongAction),
            hesitations: count(.hesitation), helpRequests: count(.help), confirmedByHand: count(.confirmedByHand),
            levels: levels)
    }
}
