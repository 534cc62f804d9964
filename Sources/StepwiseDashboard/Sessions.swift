import GRDB
import StepwiseCore

/// A signed-in browser: the account and the token its forms must echo (CSRF).
public struct Session: Sendable {
    public var account: Account
    public var csrf: String
}

extension DashboardStore {
    /// Eight hours: one working day; the coach signs in again the next morning.
    public static let sessionSeconds: Double = 8 * 3600

    /// Starts a session; returns the cookie token. Only the token's SHA-256 is stored, so a copy
    /// of the database file does not let anyone take over a session.
    public func startSession(for account: Account, now: Instant) throws -> (token: String, session: Session) {
        let token = RandomToken.make()
        let csrf = RandomToken.make()
        let expires = now.adding(seconds: Self.sessionSeconds)
        try pool.write { db in
            try db.execute(
                sql: "DELETE FROM dashboard_session WHERE expires_ns <= ?",
                arguments: [Int64(clamping: now.nanoseconds)])
            try db.execute(
                sql: "INSERT INTO dashboard_session (token_sha256, account, csrf, expires_ns) VALUES (?, ?, ?, ?)",
                arguments: [RandomToken.sha256(token), account.name, csrf, Int64(clamping: expires.nanoseconds)])
        }
        return (token, Session(account: account, csrf: csrf))
    }

    /// The live session of `token`; nil if unknown or expired.
    public func session(token: String, now: Instant) throws -> Session? {
        let row = try pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT s.account, s.csrf, a.role FROM dashboard_session s
                    JOIN dashboard_account a ON a.name = s.account
                    WHERE s.token_sha256 = ? AND s.expires_ns > ?
                    """, arguments: [RandomToken.sha256(token), Int64(clamping: now.nanoseconds)])
        }
        guard let row, let role = Role(rawValue: row["role"]) else { return nil }
        return Session(account: Account(name: row["account"], role: role), csrf: row["csrf"])
    }

    /// Ends the session of `token` (logout).
    public func endSession(token: String) throws {
        try pool.write { db in
            try db.execute(
                sql: "DELETE FROM dashboard_session WHERE token_sha256 = ?",
                arguments: [RandomToken.sha256(token)])
        }
    }
}
