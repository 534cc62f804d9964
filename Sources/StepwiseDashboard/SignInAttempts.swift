import Crypto
import Foundation
import StepwiseCore
import StepwiseLog

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
    /// The installation's throttle secret, made once and kept in the log file.
    static func signInSecret(_ workshop: any WorkshopStore) throws -> Data {
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        let stored = try workshop.signInSecret(fresh: fresh)
        return Data(base64Encoded: stored) ?? Data(stored.utf8)
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
        let pair = SignInKey(
            name: signInMac("name", AccountName.normalised(name)), address: signInMac("address", address))
        let others = [SignInKey(name: "", address: pair.address), SignInKey(name: pair.name, address: "")]
        let wait = try workshop.reserveSignIn(
            [pair] + others, at: now, forgetBefore: now.subtracting(seconds: throttle.forgetAfterSeconds)
        ) { counts in
            throttle.wait(SignInFailures(pair: counts[0], address: counts[1], name: counts[2]), now: now)
        }
        if let wait { return .wait(seconds: wait) }
        guard let account = try authenticate(name: name, password: password) else { return .wrong }
        try workshop.signInSucceeded(pair: pair, others: others)
        return .signedIn(account)
    }

    /// How long `name` from `address` would wait now; nil: may try. Reads only.
    public func signInWait(name: String, address: String, now: Instant, throttle: LoginThrottle = .standard) throws
        -> Double?
    {
        let name = signInMac("name", AccountName.normalised(name)), address = signInMac("address", address)
        let counts = try workshop.signInFailureCounts([
            SignInKey(name: name, address: address), SignInKey(name: "", address: address),
            SignInKey(name: name, address: ""),
        ])
        return throttle.wait(SignInFailures(pair: counts[0], address: counts[1], name: counts[2]), now: now)
    }

    /// Every row of the failed-sign-in table, as stored (for tests and the manager's page).
    public func signInFailureRows() throws -> [SignInFailureRow] {
        try workshop.signInFailureRows()
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
