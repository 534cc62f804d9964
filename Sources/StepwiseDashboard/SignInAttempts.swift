import Crypto
import Foundation
import GRDB
import StepwiseCore

/// What a sign-in came to.
public enum SignInOutcome: Sendable, Equatable {
    case signedIn(Account)
    case wrong
    /// Refused before the password was checked: too many wrong ones; seconds to wait.
    case wait(seconds: Double)
}

/// The failed-sign-in table keeps only what throttling needs: a keyed hash (HMAC-SHA-256 with a
/// random secret made for this log file, truncated to 128 bits) of the normalised name and of the
/// client address, a count and the time of the last failure. Never the name as typed, so a
/// password typed into the name field is not kept; rows older than the throttle's hour are
/// deleted on every attempt and by retention. A row with an empty `address_mac` is a name's count
/// over all addresses; one with an empty `name_mac` an address's count over all names.
extension DashboardStore {
    static let signInSchema = """
        DROP TABLE IF EXISTS dashboard_login_failure;
        CREATE TABLE IF NOT EXISTS dashboard_signin_failure (
            name_mac TEXT NOT NULL,
            address_mac TEXT NOT NULL,
            failures INTEGER NOT NULL,
            last_ns INTEGER NOT NULL,
            PRIMARY KEY (name_mac, address_mac)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS dashboard_signin_failure_last ON dashboard_signin_failure(last_ns);
        """

    /// The installation's throttle secret, made once and kept in the log file's `meta` table.
    static func signInSecret(_ pool: DatabasePool) throws -> Data {
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        let stored = try pool.write { db in
            try db.execute(sql: Self.signInSchema)
            try db.execute(
                sql: "INSERT OR IGNORE INTO meta(key, value) VALUES ('dashboard_signin_secret', ?)",
                arguments: [fresh])
            return try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'dashboard_signin_secret'")
        }
        return Data(base64Encoded: stored ?? fresh) ?? Data(fresh.utf8)
    }

    func signInMac(_ kind: String, _ text: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Data((kind + "\u{0}" + text).utf8), using: SymmetricKey(data: signInSecret))
        return code.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// Checks the throttle, the password, and counts, with the check and the count in ONE write
    /// transaction: an attempt is counted as a failure before its password is checked (and given
    /// back if it was right), so parallel guesses cannot get more checks than the budget.
    /// Blocking (scrypt, SQLite): run it through `SignInGate`, not on a request's thread.
    public func signIn(
        name: String, password: String, address: String, now: Instant, throttle: LoginThrottle = .standard
    ) throws -> SignInOutcome {
        let keys = (name: signInMac("name", AccountName.normalised(name)), address: signInMac("address", address))
        if let wait = try reserveSignIn(keys, now: now, throttle: throttle) { return .wait(seconds: wait) }
        guard let account = try authenticate(name: name, password: password) else { return .wrong }
        try pool.write { db in
            try db.execute(
                sql: "DELETE FROM dashboard_signin_failure WHERE name_mac = ? AND address_mac = ?",
                arguments: [keys.name, keys.address])
            try db.execute(
                sql: """
                    UPDATE dashboard_signin_failure SET failures = failures - 1
                    WHERE (name_mac = ? AND address_mac = '') OR (name_mac = '' AND address_mac = ?)
                    """, arguments: [keys.name, keys.address])
            try db.execute(sql: "DELETE FROM dashboard_signin_failure WHERE failures <= 0")
        }
        return .signedIn(account)
    }

    /// The wait, or nil after counting this attempt under all three keys.
    private func reserveSignIn(
        _ keys: (name: String, address: String), now: Instant, throttle: LoginThrottle
    ) throws -> Double? {
        let at = Int64(clamping: now.nanoseconds)
        let rows = [(keys.name, keys.address), ("", keys.address), (keys.name, "")]
        var wait: Double?
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try db.execute(
                    sql: "DELETE FROM dashboard_signin_failure WHERE last_ns < ?",
                    arguments: [at - Int64(throttle.forgetAfterSeconds * 1e9)])
                let counts = try rows.map { try Self.count(db, name: $0.0, address: $0.1) }
                wait = throttle.wait(SignInFailures(pair: counts[0], address: counts[1], name: counts[2]), now: now)
                guard wait == nil else { return .commit }
                for (name, address) in rows {
                    try db.execute(
                        sql: """
                            INSERT INTO dashboard_signin_failure (name_mac, address_mac, failures, last_ns)
                            VALUES (?, ?, 1, ?)
                            ON CONFLICT (name_mac, address_mac) DO UPDATE SET failures = failures + 1, last_ns = excluded.last_ns
                            """, arguments: [name, address, at])
                }
                return .commit
            }
        }
        return wait
    }

    private static func count(_ db: Database, name: String, address: String) throws -> SignInFailures.Count? {
        try Row.fetchOne(
            db, sql: "SELECT failures, last_ns FROM dashboard_signin_failure WHERE name_mac = ? AND address_mac = ?",
            arguments: [name, address]
        ).map {
            SignInFailures.Count(
                failures: $0["failures"], last: Instant(nanoseconds: UInt64(clamping: $0["last_ns"] as Int64)))
        }
    }

    /// How long `name` from `address` would wait now; nil: may try. Reads only.
    public func signInWait(name: String, address: String, now: Instant, throttle: LoginThrottle = .standard) throws
        -> Double?
    {
        let name = signInMac("name", AccountName.normalised(name)), address = signInMac("address", address)
        let counts = try pool.read { db in
            SignInFailures(
                pair: try Self.count(db, name: name, address: address),
                address: try Self.count(db, name: "", address: address),
                name: try Self.count(db, name: name, address: ""))
        }
        return throttle.wait(counts, now: now)
    }

    /// Forgets the wrong passwords for `name` from every address (a new password was set).
    func forgetSignInFailures(name: String, _ db: Database) throws {
        try db.execute(
            sql: "DELETE FROM dashboard_signin_failure WHERE name_mac = ?",
            arguments: [signInMac("name", AccountName.normalised(name))])
    }

    /// Deletes failure rows whose last failure is before `before` (retention).
    func forgetSignInFailures(before: Instant, _ db: Database) throws {
        try db.execute(
            sql: "DELETE FROM dashboard_signin_failure WHERE last_ns < ?",
            arguments: [Int64(clamping: before.nanoseconds)])
    }

    /// Every row of the failed-sign-in table, as stored (for tests and the manager's page).
    public func signInFailureRows() throws -> [(nameMac: String, addressMac: String, failures: Int, last: Instant)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM dashboard_signin_failure ORDER BY last_ns DESC").map {
                (
                    $0["name_mac"], $0["address_mac"], $0["failures"],
                    Instant(nanoseconds: UInt64(clamping: $0["last_ns"] as Int64))
                )
            }
        }
    }
}

/// The client address as the throttle counts it: IPv4 as is, IPv6 by its /64 (one subscriber's
/// network, which a single guesser can fill with addresses), IPv4-mapped IPv6 as IPv4.
public enum SignInAddress {
    /// The address to count for a request from `peer` (already a `key`). Behind an HTTPS proxy on
    /// this machine every request comes from loopback, and counting that one address would let
    /// one guesser lock everyone out; so from a loopback peer (or an unknown one) the last entry
    /// of `X-Forwarded-For` (the address the proxy itself saw and appended) is counted instead.
    /// From any other peer the header is ignored: it could be forged.
    public static func client(peer: String, forwardedFor: String?) -> String {
        guard peer.isEmpty || Dashboard.isLoopback(peer),
            let last = forwardedFor?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty,
            last.utf8.count <= 64
        else { return peer }
        return key(last)
    }

    public static func key(_ address: String?) -> String {
        guard let address, address.contains(":") else { return address ?? "" }
        var bytes = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        return stride(from: 0, to: 8, by: 2).map { String(format: "%x", Int(bytes[$0]) << 8 | Int(bytes[$0 + 1])) }
            .joined(separator: ":") + "::/64"
    }
}
