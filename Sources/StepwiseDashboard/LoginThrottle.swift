import Foundation
import GRDB
import StepwiseCore

/// How long a name must wait after wrong passwords. A pure rule so it can be tested without a
/// server: the first few mistakes are free (people mistype), after that each further try waits
/// twice as long, up to a cap, so guessing a 10-character password from the network is hopeless
/// while a coach who forgot the password is locked out for minutes, not for good.
public struct LoginThrottle: Sendable, Equatable {
    /// Wrong passwords allowed before any waiting.
    public var freeFailures = 5
    /// The wait after the first failure beyond the free ones; doubles with each further failure.
    public var firstWaitSeconds = 30.0
    public var longestWaitSeconds = 15 * 60.0
    /// Failures older than this are forgotten.
    public var forgetAfterSeconds = 3600.0

    public static let standard = LoginThrottle()

    public init() {}

    /// Seconds still to wait before `failures` (the last at `last`) allow another try at `now`; nil: may try.
    public func wait(failures: Int, last: Instant, now: Instant) -> Double? {
        let since = now.seconds(since: last)
        guard failures >= freeFailures, since < forgetAfterSeconds else { return nil }
        let doublings = Double(min(failures - freeFailures, 20))
        let remaining = min(firstWaitSeconds * pow(2, doublings), longestWaitSeconds) - since
        return remaining > 0 ? remaining : nil
    }

    /// The failure count after one more wrong password at `now`.
    public func failures(after failures: Int, last: Instant, now: Instant) -> Int {
        now.seconds(since: last) >= forgetAfterSeconds ? 1 : failures + 1
    }
}

extension DashboardStore {
    /// Seconds `name` must still wait before its password is even checked; nil when it may try.
    /// Counted per name whether or not the account exists, so the answer tells nothing about names.
    public func loginWait(name: String, now: Instant, throttle: LoginThrottle = .standard) throws -> Double? {
        guard let (failures, last) = try loginFailures(name: name) else { return nil }
        return throttle.wait(failures: failures, last: last, now: now)
    }

    /// Counts a wrong password for `name`.
    public func recordLoginFailure(name: String, now: Instant, throttle: LoginThrottle = .standard) throws {
        let previous = try loginFailures(name: name)
        let failures = previous.map { throttle.failures(after: $0.0, last: $0.1, now: now) } ?? 1
        try pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO dashboard_login_failure (name, failures, last_ns) VALUES (?, ?, ?)",
                arguments: [name, failures, Int64(clamping: now.nanoseconds)])
        }
    }

    /// Forgets the wrong passwords of `name` (after a right one, or a new password).
    public func clearLoginFailures(name: String) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM dashboard_login_failure WHERE name = ?", arguments: [name])
        }
    }

    private func loginFailures(name: String) throws -> (Int, Instant)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT failures, last_ns FROM dashboard_login_failure WHERE name = ?",
                             arguments: [name])
        }.map { row in (row["failures"], Instant(nanoseconds: UInt64(clamping: row["last_ns"] as Int64))) }
    }
}
