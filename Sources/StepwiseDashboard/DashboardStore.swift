import Foundation
import GRDB
import StepwiseCore
import StepwiseLog

/// The dashboard's own tables (accounts, sessions, coach assignments, audit log, day aggregates)
/// in the SAME SQLite file as the quality log, so one file is backed up, retained and erased.
///
/// The tables are created with `CREATE TABLE IF NOT EXISTS` rather than through GRDB's migrator:
/// the quality log runs its own migrator on this file, and two migrators sharing GRDB's one
/// bookkeeping table would each see the other's migrations as unknown. Sendable: its only state is
/// a `DatabasePool` (serialised writes, concurrent WAL readers that never block the daemon).
public final class DashboardStore: Sendable {
    /// The quality log on the same file: record reads and skill writes go through its API.
    public let log: QualityLog
    let pool: DatabasePool
    /// The secret the failed-sign-in table's keyed hashes use (`SignInAttempts.swift`).
    let signInSecret: Data

    /// Opens the log at `path` (creating it if needed) and adds the dashboard's tables.
    public init(path: String) throws {
        log = try QualityLog(path: path)
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
        configuration.busyMode = .timeout(5)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.write { db in
                try db.execute(sql: Self.schema)
                try Self.migrate(db)
            }
            signInSecret = try Self.signInSecret(pool)
        } catch {
            throw LogError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    static let schema = """
        CREATE TABLE IF NOT EXISTS dashboard_account (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('coach', 'engineer', 'manager')),
            password TEXT NOT NULL,
            created_ns INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS dashboard_session (
            token_sha256 TEXT PRIMARY KEY,
            account TEXT NOT NULL REFERENCES dashboard_account(name) ON DELETE CASCADE,
            csrf TEXT NOT NULL,
            expires_ns INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS dashboard_coach_worker (
            coach TEXT NOT NULL REFERENCES dashboard_account(name) ON DELETE CASCADE,
            worker TEXT NOT NULL,
            PRIMARY KEY (coach, worker));
        CREATE TABLE IF NOT EXISTS audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at_ns INTEGER NOT NULL,
            account TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at_ns);
        CREATE TABLE IF NOT EXISTS step_day_aggregate (
            day TEXT NOT NULL,
            instruction_set TEXT NOT NULL,
            version TEXT NOT NULL,
            step TEXT NOT NULL,
            runs INTEGER NOT NULL,
            total_seconds REAL NOT NULL,
            wrong_actions INTEGER NOT NULL,
            hesitations INTEGER NOT NULL,
            help INTEGER NOT NULL,
            by_hand INTEGER NOT NULL,
            PRIMARY KEY (day, instruction_set, version, step));
        INSERT OR IGNORE INTO meta(key, value) VALUES ('dashboard_schema_version', '1');
        """
}

/// What went wrong in the dashboard's store or its commands, said so a person can act on it.
public enum DashboardError: Error, Equatable, CustomStringConvertible, Sendable {
    case passwordTooShort(minimum: Int)
    case accountExists(String)
    case noSuchAccount(String)
    case notACoach(String)
    case invalidName(name: String, reason: String)
    case confusableName(String, existing: String)
    case weakPassword(String)

    public var description: String {
        switch self {
        case .passwordTooShort(let minimum):
            "the password is too short; expected at least \(minimum) characters on standard input"
        case .accountExists(let name): "an account '\(name)' exists already; expected a new name"
        case .noSuchAccount(let name): "no account '\(name)'; expected one made with `stepwise user add`"
        case .notACoach(let name): "'\(name)' is not a coach; expected an account with the role coach"
        case .invalidName(let name, let reason):
            "'\(name)' is not a usable name: \(reason); expected 1–64 of a–z, 0–9, '.', '-', '_' starting with a letter or digit"
        case .confusableName(let name, let existing):
            "'\(name)' looks too much like the existing account '\(existing)'; expected a name that cannot be mistaken for it"
        case .weakPassword(let reason):
            "the password is refused: \(reason); expected a password a guesser would not try early (standard input)"
        }
    }
}
