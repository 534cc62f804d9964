import PostgresNIO
import StepwiseCore
import StepwiseLog

/// The failed-sign-in table, once for the workshop: counts under keyed hashes, never a name as typed.
extension PostgresWorkshop {
    /// Key of the advisory lock that makes reading the counts and counting this try one step,
    /// so parallel guesses (through any number of dashboard servers) get no more checks than the budget.
    static let signInLock: Int64 = 0x7374_6570_7369_676E

    public func signInSecret(fresh: String) throws -> String {
        try rows(
            """
            WITH stored AS (
                INSERT INTO dashboard_meta (key, value) VALUES ('sign_in_secret', \(fresh))
                ON CONFLICT (key) DO NOTHING RETURNING value)
            SELECT value FROM stored UNION ALL SELECT value FROM dashboard_meta WHERE key = 'sign_in_secret'
            """
        ).first.map { try $0[0].decode(String.self) } ?? fresh
    }

    /// Optimistic, as `addAccount`: `decide` runs on the calling thread over the counts read; one
    /// transaction under the sign-in lock counts this try only if the counts are still those (else again).
    public func reserveSignIn(
        _ keys: [SignInKey], at: Instant, forgetBefore: Instant, decide: ([SignInFailureCount?]) -> Double?
    ) throws -> Double? {
        let (forget, stamp) = (Int64(clamping: forgetBefore.nanoseconds), Int64(clamping: at.nanoseconds))
        while true {
            let seen = try signInFailureCounts(keys, forgettingBefore: forget)
            if let wait = decide(seen) { return wait }
            let counted = try transaction { connection, logger in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.signInLock))", logger: logger)
                try await connection.query("DELETE FROM sign_in_failure WHERE last_ns < \(forget)", logger: logger)
                var now: [SignInFailureCount?] = []
                for key in keys { now.append(try await Self.count(key, on: connection, logger: logger)) }
                guard now == seen else { return false }
                for key in keys {
                    try await connection.query(
                        """
                        INSERT INTO sign_in_failure (name_mac, address_mac, failures, last_ns)
                        VALUES (\(key.name), \(key.address), 1, \(stamp))
                        ON CONFLICT (name_mac, address_mac) DO UPDATE
                        SET failures = sign_in_failure.failures + 1, last_ns = excluded.last_ns
                        """, logger: logger)
                }
                return true
            }
            if counted { return nil }
        }
    }

    /// The counts of `keys`, not counting failures before `forget` (the throttle has forgotten them).
    private func signInFailureCounts(_ keys: [SignInKey], forgettingBefore forget: Int64) throws
        -> [SignInFailureCount?]
    {
        try signInFailureCounts(keys).map { count in
            count.flatMap { Int64(clamping: $0.last.nanoseconds) < forget ? nil : $0 }
        }
    }

    public func signInSucceeded(pair: SignInKey, others: [SignInKey]) throws {
        try transaction { connection, logger in
            try await connection.query(
                "DELETE FROM sign_in_failure WHERE name_mac = \(pair.name) AND address_mac = \(pair.address)",
                logger: logger)
            for key in others {
                try await connection.query(
                    """
                    UPDATE sign_in_failure SET failures = failures - 1
                    WHERE name_mac = \(key.name) AND address_mac = \(key.address)
                    """, logger: logger)
            }
            try await connection.query("DELETE FROM sign_in_failure WHERE failures <= 0", logger: logger)
        }
    }

    public func signInFailureCounts(_ keys: [SignInKey]) throws -> [SignInFailureCount?] {
        try transaction { connection, logger in
            var counts: [SignInFailureCount?] = []
            for key in keys { counts.append(try await Self.count(key, on: connection, logger: logger)) }
            return counts
        }
    }

    public func signInFailureRows() throws -> [SignInFailureRow] {
        try rows("SELECT name_mac, address_mac, failures, last_ns FROM sign_in_failure ORDER BY last_ns DESC").map {
            SignInFailureRow(
                nameMac: try $0[0].decode(String.self), addressMac: try $0[1].decode(String.self),
                failures: try $0[2].decode(Int.self),
                last: Instant(central: try $0[3].decode(Int64.self)))
        }
    }

    private static func count(_ key: SignInKey, on connection: PostgresConnection, logger: Logger) async throws
        -> SignInFailureCount?
    {
        let row = try await connection.query(
            """
            SELECT failures, last_ns FROM sign_in_failure
            WHERE name_mac = \(key.name) AND address_mac = \(key.address)
            """, logger: logger
        ).collect().first
        return try row.map {
            let (failures, last) = try $0.decode((Int, Int64).self)
            return SignInFailureCount(failures: failures, last: Instant(central: last))
        }
    }
}
