import PostgresNIO
import StepwiseCore
import StepwiseLog

/// "Cells now" over every station: index look-ups on (cell, kind, time) and (cell, time), as on a station.
extension PostgresWorkshop: CellLookups {
    public func recordsDecidingCells() throws -> [QualityRecord] {
        try (self as any CellLookups).recordsDecidingCells()
    }

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
        let filter = cellFilter(cell, kinds: kinds, from: nil, before: before)
        let sql = "SELECT max(at_ns) FROM quality_record WHERE " + filter.conditions.joined(separator: " AND ")
        return try rows(PostgresQuery(unsafeSQL: sql, binds: filter.binds)).first?[0].decode(Int64?.self).map {
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
