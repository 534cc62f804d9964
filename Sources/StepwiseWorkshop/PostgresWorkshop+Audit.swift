import PostgresNIO
import StepwiseCore
import StepwiseLog

/// The audit trail, once for the workshop: one `audit_log` row per read or change, one
/// `audit_subject` row per worker named.
extension PostgresWorkshop {
    public func appendAudit(_ entry: AuditRecord) throws {
        try transaction { connection, logger in
            let id = try await connection.query(
                """
                INSERT INTO audit_log (at, account, role, action, details)
                VALUES (\(unescaped: Self.time(entry.at)), \(entry.account), \(entry.role.rawValue), \(entry.action),
                    \(entry.details))
                RETURNING id
                """, logger: logger
            ).collect().first?.decode(Int64.self)
            guard let id else { throw CentralError.refused("the audit entry was not stored") }
            for worker in Set(entry.workers) {
                try await connection.query(
                    "INSERT INTO audit_subject (entry, worker) VALUES (\(id), \(worker.rawValue)) ON CONFLICT DO NOTHING",
                    logger: logger)
            }
        }
    }

    public func auditEntries(worker: WorkerPseudonym?, limit: Int) throws -> [AuditRecord] {
        let filter = worker == nil ? "" : "WHERE l.id IN (SELECT entry FROM audit_subject WHERE worker = $2)"
        var binds = PostgresBindings()
        binds.append(Int64(max(0, limit)))
        if let worker { binds.append(worker.rawValue) }
        let sql = """
            SELECT \(Self.nanoseconds("l.at")), l.account, l.role, l.action, l.details,
                coalesce((SELECT string_agg(worker, ' ' ORDER BY worker) FROM audit_subject WHERE entry = l.id), '')
            FROM audit_log l \(filter) ORDER BY l.at DESC, l.id DESC LIMIT $1
            """
        return try rows(PostgresQuery(unsafeSQL: sql, binds: binds)).map { row in
            AuditRecord(
                at: Instant(central: try row[0].decode(Int64.self)),
                account: try row[1].decode(String.self),
                role: AccountRole(rawValue: try row[2].decode(String.self)) ?? .manager,
                action: try row[3].decode(String.self),
                workers: try row[5].decode(String.self).split(separator: " ").map { WorkerPseudonym(String($0)) },
                details: try row[4].decode(String.self))
        }
    }

    public func auditCounts() throws -> [AuditCount] {
        try rows(
            """
            SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, account, max(role), action, count(*)
            FROM audit_log GROUP BY day, account, action ORDER BY day, account, action
            """
        ).map { row in
            AuditCount(
                day: try row[0].decode(String.self), account: try row[1].decode(String.self),
                role: try row[2].decode(String.self), action: try row[3].decode(String.self),
                count: Int(try row[4].decode(Int64.self)))
        }
    }
}
