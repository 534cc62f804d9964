import Logging
import PostgresNIO

/// The central PostgreSQL schema, migrated by version. Migrations are append-only: a shipped one is
/// never edited, because workshop servers have already applied it. Each runs in its own
/// transaction together with its `schema_version` row, under an advisory lock, so two uplinks
/// starting at once apply it once.
public enum CentralSchema {
    /// One numbered step of the schema: statements run in order in one transaction.
    struct Migration: Sendable {
        let version: Int
        let name: String
        let statements: [String]
    }

    /// The version the newest migration brings the database to.
    public static var version: Int { migrations.last?.version ?? 0 }

    /// Key of the advisory lock held while migrating ("stepwise" in ASCII, shortened to 63 bits).
    static let migrationLock: Int64 = 0x7374_6570_7769_7365

    static let migrations: [Migration] = [
        Migration(
            version: 1, name: "stations-records-accounts", statements: stationTables + recordTables + accountTables),
        Migration(version: 2, name: "dashboard-throttle-erasure", statements: dashboardTables),
        Migration(version: 3, name: "cell-indices", statements: cellIndices),
        Migration(version: 4, name: "worker-state", statements: workerStateTables),
        Migration(version: 5, name: "published-instruction-sets", statements: publishedSets),
    ]

    static let versionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
        """

    /// Brings the database behind `connection` to `version`. Returns the migrations it applied.
    @discardableResult
    public static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [Int] {
        var applied: [Int] = []
        for migration in migrations {
            let done = try await connection.withTransaction(logger: logger) { transaction in
                try await transaction.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
                try await transaction.query(PostgresQuery(unsafeSQL: versionTable), logger: logger)
                let rows = try await transaction.query(
                    "SELECT 1 FROM schema_version WHERE version = \(migration.version)", logger: logger)
                for try await _ in rows { return true }
                for statement in migration.statements {
                    try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await transaction.query(
                    "INSERT INTO schema_version (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
                return false
            }
            if !done { applied.append(migration.version) }
        }
        return applied
    }
}
