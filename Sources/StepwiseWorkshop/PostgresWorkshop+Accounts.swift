import PostgresNIO
import StepwiseCore
import StepwiseLog

/// Accounts, coach assignments and sessions, once for the whole workshop.
extension PostgresWorkshop {
    /// Key of the advisory lock that makes "check every name, then add" one step across servers.
    static let accountLock: Int64 = 0x7374_6570_6163_6374

    /// Optimistic: `check` runs on the calling thread over the names read, then one transaction
    /// under the account lock adds the account only if the names are still the same (else again).
    public func addAccount(_ account: StoredAccount, created: Instant, check: ([String]) throws -> Void) throws {
        while true {
            let seen = try rows("SELECT name FROM account ORDER BY name").map { try $0[0].decode(String.self) }
            try check(seen)
            let added = try transaction { connection, logger in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.accountLock))", logger: logger)
                let now = try await connection.query("SELECT name FROM account ORDER BY name", logger: logger)
                    .collect().map { try $0.decode(String.self) }
                guard now == seen else { return false }
                try await connection.query(
                    """
                    INSERT INTO account (name, role, password, created_at)
                    VALUES (\(account.name), \(account.role.rawValue), \(account.passwordHash),
                        \(unescaped: Self.time(created)))
                    """, logger: logger)
                return true
            }
            if added { return }
        }
    }

    public func account(firstOf names: [String]) throws -> StoredAccount? {
        for name in names {
            let found = try rows("SELECT name, role, password FROM account WHERE name = \(name)").first
            if let found, let role = AccountRole(rawValue: try found[1].decode(String.self)) {
                return StoredAccount(
                    name: try found[0].decode(String.self), role: role, passwordHash: try found[2].decode(String.self))
            }
        }
        return nil
    }

    public func accounts() throws -> [(name: String, role: AccountRole)] {
        try rows("SELECT name, role FROM account ORDER BY name").compactMap { row in
            let name = try row[0].decode(String.self)
            return AccountRole(rawValue: try row[1].decode(String.self)).map { (name: name, role: $0) }
        }
    }

    public func changePassword(name: String, passwordHash: String, nameKey: String) throws -> Bool {
        try transaction { connection, logger in
            let changed = try await connection.query(
                "UPDATE account SET password = \(passwordHash) WHERE name = \(name) RETURNING 1", logger: logger
            ).collect().count
            guard changed == 1 else { return false }
            try await connection.query("DELETE FROM account_session WHERE account = \(name)", logger: logger)
            try await connection.query("DELETE FROM sign_in_failure WHERE name_mac = \(nameKey)", logger: logger)
            return true
        }
    }

    /// Sessions and assignments go with the account (`ON DELETE CASCADE`).
    public func removeAccount(name: String) throws -> Bool {
        try rows("DELETE FROM account WHERE name = \(name) RETURNING 1").count == 1
    }

    public func assign(worker: WorkerPseudonym, toCoach coach: String) throws {
        _ = try rows(
            "INSERT INTO coach_worker (coach, worker) VALUES (\(coach), \(worker.rawValue)) ON CONFLICT DO NOTHING")
    }

    public func workers(ofCoach coach: String) throws -> [WorkerPseudonym] {
        try rows("SELECT worker FROM coach_worker WHERE coach = \(coach) ORDER BY worker").map {
            WorkerPseudonym(try $0[0].decode(String.self))
        }
    }

    public func startSession(tokenHash: String, account: String, csrf: String, expires: Instant, now: Instant) throws {
        try transaction { connection, logger in
            try await connection.query(
                "DELETE FROM account_session WHERE expires_at <= \(unescaped: Self.time(now))", logger: logger)
            try await connection.query(
                """
                INSERT INTO account_session (token_sha256, account, csrf, expires_at)
                VALUES (\(tokenHash), \(account), \(csrf), \(unescaped: Self.time(expires)))
                """, logger: logger)
        }
    }

    public func session(tokenHash: String, now: Instant) throws -> StoredSession? {
        let found = try rows(
            """
            SELECT s.account, s.csrf, a.role FROM account_session s JOIN account a ON a.name = s.account
            WHERE s.token_sha256 = \(tokenHash) AND s.expires_at > \(unescaped: Self.time(now))
            """
        ).first
        guard let found, let role = AccountRole(rawValue: try found[2].decode(String.self)) else { return nil }
        return StoredSession(
            account: try found[0].decode(String.self), role: role, csrf: try found[1].decode(String.self))
    }

    public func endSession(tokenHash: String) throws {
        _ = try rows("DELETE FROM account_session WHERE token_sha256 = \(tokenHash)")
    }

    /// An instant as a SQL `timestamptz` expression, exact to the microsecond (integer arithmetic only).
    static func time(_ instant: Instant) -> String {
        "('epoch'::timestamptz + \(instant.nanoseconds / 1000) * interval '1 microsecond')"
    }

    /// A `timestamptz` column as nanoseconds since the epoch, for `Instant(nanoseconds:)`.
    static func nanoseconds(_ column: String) -> String {
        "((extract(epoch FROM \(column)) * 1000000)::bigint * 1000)"
    }
}
