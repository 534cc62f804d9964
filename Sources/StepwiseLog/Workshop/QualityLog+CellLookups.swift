import GRDB
import StepwiseCore

/// "Cells now" on a station's log: index look-ups on (cell, kind, time) and (cell, time).
extension QualityLog: CellLookups {
    public func cells() throws -> [CellID] {
        // A loose index scan: one index step per cell instead of reading every row.
        try pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    WITH RECURSIVE c(cell) AS (
                        SELECT min(cell) FROM quality_record
                        UNION ALL
                        SELECT (SELECT min(cell) FROM quality_record WHERE cell > c.cell) FROM c WHERE c.cell IS NOT NULL)
                    SELECT cell FROM c WHERE cell IS NOT NULL
                    """)
        }.map { CellID($0) }
    }

    public func newest(of kinds: [QualityRecord.Kind], cell: CellID, before: Instant?) throws -> Instant? {
        let found: Int64? = try pool.read { db in
            // One max() per kind: each is a single step down the (cell, kind, time) index, where
            // max() over `kind IN (…)` would read every entry of those kinds.
            var arguments: StatementArguments = []
            let bound = before.map { _ in " AND at_ns < ?" } ?? ""
            let parts = kinds.map { kind in
                arguments += [cell.rawValue, kind.rawValue]
                if let before { arguments += [Int64(clamping: before.nanoseconds)] }
                return "SELECT max(at_ns) AS m FROM quality_record WHERE cell = ? AND kind = ?\(bound)"
            }
            guard !parts.isEmpty else { return nil }
            return try Int64.fetchOne(
                db, sql: "SELECT max(m) FROM (\(parts.joined(separator: " UNION ALL ")))", arguments: arguments)
        }
        return found.map { Instant(column: $0) }
    }

    public func records(cell: CellID, kinds: [QualityRecord.Kind]?, from: Instant?, before: Instant?) throws
        -> [QualityRecord]
    {
        try pool.read { db in
            var arguments: StatementArguments = [cell.rawValue]
            var conditions = ["cell = ?"]
            if let kinds { conditions.append("kind IN (\(Self.placeholders(kinds, into: &arguments)))") }
            if let from {
                conditions.append("at_ns >= ?")
                arguments += [Int64(clamping: from.nanoseconds)]
            }
            if let before {
                conditions.append("at_ns < ?")
                arguments += [Int64(clamping: before.nanoseconds)]
            }
            let sql =
                "SELECT \(QualityRecord.readColumns) FROM quality_record WHERE \(conditions.joined(separator: " AND ")) ORDER BY at_ns, id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(QualityRecord.init(row:))
        }
    }

    private static func placeholders(_ kinds: [QualityRecord.Kind], into arguments: inout StatementArguments)
        -> String
    {
        arguments += StatementArguments(kinds.map(\.rawValue))
        return Array(repeating: "?", count: kinds.count).joined(separator: ", ")
    }

    /// The log's migration with the indices "Cells now" looks up (registered in `LogSchema.migrations`).
    @Sendable static func createCellIndices(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE INDEX quality_record_cell_kind_at ON quality_record(cell, kind, at_ns);
                CREATE INDEX quality_record_cell_at ON quality_record(cell, at_ns);
                """)
    }

    /// The newest `limit` cycle-done records of `set`, newest first, of `workers` only when given.
    public func recentUnits(of set: InstructionSetID, workers: [WorkerPseudonym]?, limit: Int) throws
        -> [QualityRecord]
    {
        try pool.read { db in
            var arguments: StatementArguments = [set.rawValue]
            var sql = "SELECT \(QualityRecord.readColumns) FROM quality_record WHERE kind = 'cycle-done'"
            sql += " AND instruction_set = ?"
            if let workers {
                arguments += StatementArguments(workers.map(\.rawValue))
                sql += " AND worker IN (\(Array(repeating: "?", count: workers.count).joined(separator: ", ")))"
            }
            arguments += [max(0, limit)]
            return try Row.fetchAll(db, sql: sql + " ORDER BY at_ns DESC, id DESC LIMIT ?", arguments: arguments)
                .map(QualityRecord.init(row:))
        }
    }
}
