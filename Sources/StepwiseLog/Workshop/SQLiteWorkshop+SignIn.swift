import GRDB
import StepwiseCore

/// The failed-sign-in table: counts under keyed hashes, never a name as typed.
extension SQLiteWorkshop {
    public func signInSecret(fresh: String) throws -> String {
        try pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO meta(key, value) VALUES ('dashboard_signin_secret', ?)", arguments: [fresh])
            return try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'dashboard_signin_secret'") ?? fresh
        }
    }

    public func reserveSignIn(
        _ keys: [SignInKey], at: Instant, forgetBefore: Instant, decide: ([SignInFailureCount?]) -> Double?
    ) throws -> Double? {
        var wait: Double?
        try pool.writeWithoutTransaction { db in
            // Immediate: the read of the counts and the count of this attempt are one step, so
            // parallel guesses cannot get more checks than the budget.
            try db.inTransaction(.immediate) {
                try db.execute(
                    sql: "DELETE FROM dashboard_signin_failure WHERE last_ns < ?", arguments: [forgetBefore.column])
                wait = decide(try keys.map { try Self.count(db, $0) })
                guard wait == nil else { return .commit }
                for key in keys {
                    try db.execute(
                        sql: """
                            INSERT INTO dashboard_signin_failure (name_mac, address_mac, failures, last_ns)
                            VALUES (?, ?, 1, ?)
                            ON CONFLICT (name_mac, address_mac) DO UPDATE SET failures = failures + 1, last_ns = excluded.last_ns
                            """, arguments: [key.name, key.address, at.column])
                }
                return .commit
            }
        }
        return wait
    }

    public func signInSucceeded(pair: SignInKey, others: [SignInKey]) throws {
        try pool.write { db in
            try db.execute(
                sql: "DELETE FROM dashboard_signin_failure WHERE name_mac = ? AND address_mac = ?",
                arguments: [pair.name, pair.address])
            for key in others {
                try db.execute(
                    sql:
                        "UPDATE dashboard_signin_failure SET failures = failures - 1 WHERE name_mac = ? AND address_mac = ?",
                    arguments: [key.name, key.address])
            }
            try db.execute(sql: "DELETE FROM dashboard_signin_failure WHERE failures <= 0")
        }
    }

    public func signInFailureCounts(_ keys: [SignInKey]) throws -> [SignInFailureCount?] {
        try pool.read { db in try keys.map { try Self.count(db, $0) } }
    }

    public func signInFailureRows() throws -> [SignInFailureRow] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM dashboard_signin_failure ORDER BY last_ns DESC").map {
                SignInFailureRow(
                    nameMac: $0["name_mac"], addressMac: $0["address_mac"], failures: $0["failures"],
                    last: Instant(column: $0["last_ns"]))
            }
        }
    }

    private static func count(_ db: Database, _ key: SignInKey) throws -> SignInFailureCount? {
        try Row.fetchOne(
            db, sql: "SELECT failures, last_ns FROM dashboard_signin_failure WHERE name_mac = ? AND address_mac = ?",
            arguments: [key.name, key.address]
        ).map { SignInFailureCount(failures: $0["failures"], last: Instant(column: $0["last_ns"])) }
    }
}
