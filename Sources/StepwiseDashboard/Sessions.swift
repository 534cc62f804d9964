import StepwiseCore
import StepwiseLog

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
        try workshop.startSession(
            tokenHash: RandomToken.sha256(token), account: account.name, csrf: csrf, expires: expires, now: now)
        return (token, Session(account: account, csrf: csrf))
    }

    /// The live session of `token`; nil if unknown or expired.
    public func session(token: String, now: Instant) throws -> Session? {
        try workshop.session(tokenHash: RandomToken.sha256(token), now: now).map {
            Session(account: Account(name: $0.account, role: $0.role), csrf: $0.csrf)
        }
    }

    /// Ends the session of `token` (logout).
    public func endSession(token: String) throws {
        try workshop.endSession(tokenHash: RandomToken.sha256(token))
    }
}
