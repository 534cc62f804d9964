import Foundation
import PostgresNIO
import StepwiseCore
import StepwiseLog
import Synchronization

/// "Cells now" over every station: index look-ups on (cell, kind, time) and (cell, time), as on a station.
extension PostgresWorkshop: CellLookups {
    /// Each cell's look-ups are a few round trips to the server; a workshop has dozens of cells, so
    /// they run side by side on the pool's connections (a station's log answers them in
    /// microseconds, one after the other).
    public func recordsDecidingCells() throws -> [QualityRecord] {
        let cells = try cells()
        let found = Mutex<[Int: Result<[QualityRecord], any Error>]>([:])
        let next = Atomic<Int>(0)
        let group = DispatchGroup()
        for _ in 0..<min(Self.cellLanes, cells.count) {
            group.enter()
            Thread {
                while case let index = next.wrappingAdd(1, ordering: .relaxed).oldValue, index < cells.count {
                    let result = Result { try (self as any CellLookups).recordsDeciding(cell: cells[index]) }
                    found.withLock { $0[index] = result }
                }
                group.leave()
            }.start()
        }
        group.wait()
        let results = found.withLock { $0 }
        return try cells.indices.flatMap { try results[$0]!.get() }
    }

    /// Cells looked up at once: the pool's connections.
    static let cellLanes = 8

    public func recordsOfUnit(cell: CellID, done: Instant) throws -> [QualityRecord] {
        try (self as any CellLookups).recordsOfUnit(cell: cell, done: done)
    }

    public func dayCounts() throws -> [DayCounts] {
        try rows(
            """
            SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) FILTER (WHERE kind = 'cycle-done'),
                count(*) FILTER (WHERE kind = 'step-done'), count(*) FILTER (WHERE kind = 'wrong-action'),
                count(*) FILTER (WHERE kind = 'help'), count(*) FILTER (WHERE kind = 'confirmed-by-hand'),
                count(DISTINCT worker)
            FROM quality_record GROUP BY day ORDER BY day
            """
        ).map { row in
            func count(_ index: Int) throws -> Int { Int(try row[index].decode(Int64.self)) }
            var counts = DayCounts(day: try row[0].decode(String.self))
            (counts.cycles, counts.steps, counts.wrongActions) = (try count(1), try count(2), try count(3))
            (counts.help, counts.byHand, counts.workers) = (try count(4), try count(5), try count(6))
            return counts
        }
    }

    public func setSummaries() throws -> [SetSummary] {
        try rows(
            """
            SELECT instruction_set, array_agg(DISTINCT version) FILTER (WHERE version IS NOT NULL),
                count(DISTINCT worker), count(*) FILTER (WHERE kind = 'cycle-done')
            FROM quality_record WHERE instruction_set IS NOT NULL
            GROUP BY instruction_set ORDER BY instruction_set
            """
        ).map { row in
            SetSummary(
                instructionSet: InstructionSetID(try row[0].decode(String.self)),
                versions: (try row[1].decode([String]?.self) ?? []).sorted(),
                workers: Int(try row[2].decode(Int64.self)), cyclesDone: Int(try row[3].decode(Int64.self)))
        }
    }

    public func stepTotals(of set: InstructionSetID) throws -> [StepTotals] {
        try rows(
            """
            SELECT coalesce(version, '-') AS v, step, count(*) FILTER (WHERE kind = 'step-done'),
                coalesce(sum(coalesce(duration_s, 0)) FILTER (WHERE kind = 'step-done'), 0)::float8,
                count(*) FILTER (WHERE kind = 'wrong-action'), count(*) FILTER (WHERE kind = 'hesitation'),
                count(*) FILTER (WHERE kind = 'help'), count(*) FILTER (WHERE kind = 'confirmed-by-hand'),
                count(DISTINCT worker)
            FROM quality_record WHERE instruction_set = \(set.rawValue) AND step IS NOT NULL
            GROUP BY v, step ORDER BY min(at_ns), min(station_id), min(local_id)
            """
        ).map { row in
            var totals = StepTotals(
                version: try row[0].decode(String.self), step: StepID(try row[1].decode(String.self)))
            func count(_ index: Int) throws -> Int { Int(try row[index].decode(Int64.self)) }
            totals.counts = StepCounts(
                runs: try count(2), totalSeconds: try row[3].decode(Double.self), wrongActions: try count(4),
                hesitations: try count(5), help: try count(6), byHand: try count(7))
            totals.workers = Int(try row[8].decode(Int64.self))
            return totals
        }
    }

    public func recentUnits(of set: InstructionSetID, workers: [WorkerPseudonym]?, limit: Int) throws
        -> [QualityRecord]
    {
        var filter = RecordFilter()
        filter.add({ "kind = \($0)" }, QualityRecord.Kind.cycleDone.rawValue)
        filter.add({ "instruction_set = \($0)" }, set.rawValue)
        if let workers { filter.add({ "worker = ANY(\($0))" }, workers.map(\.rawValue)) }
        return try records(filter, limit: limit, newestFirst: true)
    }

    public func cells() throws -> [CellID] {
        try rows(
            """
            WITH RECURSIVE c(cell) AS (
                SELECT min(cell) FROM quality_record
                UNION ALL
                SELECT (SELECT min(cell) FROM quality_record WHERE cell > c.cell) FROM c WHERE c.cell IS NOT NULL)
            SELECT cell FROM c WHERE cell IS NOT NULL
            """
        ).map { CellID(try $0[0].decode(String.self)) }
    }

    public func newest(of kinds: [QualityRecord.Kind], cell: CellID, before: Instant?) throws -> Instant? {
        // One max() per kind, each a step down the (cell, kind, time) index of each partition;
        // max() over `kind = ANY(…)` reads every entry of those kinds.
        var binds = PostgresBindings()
        let parts = kinds.map { kind in
            binds.append(cell.rawValue)
            binds.append(kind.rawValue)
            var part =
                "SELECT max(at_ns) AS m FROM quality_record WHERE cell = $\(binds.count - 1) AND kind = $\(binds.count)"
            if let before {
                binds.append(Int64(clamping: before.nanoseconds))
                part += " AND at_ns < $\(binds.count)"
            }
            return part
        }
        guard !parts.isEmpty else { return nil }
        let sql = "SELECT max(m) FROM (\(parts.joined(separator: " UNION ALL "))) AS newest"
        return try rows(PostgresQuery(unsafeSQL: sql, binds: binds)).first?[0].decode(Int64?.self).map {
            Instant(central: $0)
        }
    }

    public func records(cell: CellID, kinds: [QualityRecord.Kind]?, from: Instant?, before: Instant?) throws
        -> [QualityRecord]
    {
        try records(cellFilter(cell, kinds: kinds, from: from, before: before))
    }

    private func cellFilter(_ cell: CellID, kinds: [QualityRecord.Kind]?, from: Instant?, before: Instant?)
        -> RecordFilter
    {
        var filter = RecordFilter()
        filter.add({ "cell = \($0)" }, cell.rawValue)
        if let kinds { filter.add({ "kind = ANY(\($0))" }, kinds.map(\.rawValue)) }
        if let from { filter.add({ "at_ns >= \($0)" }, Int64(clamping: from.nanoseconds)) }
        if let before { filter.add({ "at_ns < \($0)" }, Int64(clamping: before.nanoseconds)) }
        return filter
    }
}
