import Crypto
import Foundation
import _CryptoExtras

/// scrypt password hashes, stored as `scrypt$N$r$p$salt$hash` (base64), so the parameters can be
/// raised later without breaking existing accounts. scrypt is memory-hard (N=2^15, r=8: 32 MiB per
/// guess), the strongest KDF swift-crypto's `_CryptoExtras` offers (the other is PBKDF2).
public struct PasswordHasher: Sendable {
    public var rounds: Int
    public var blockSize: Int
    public var parallelism: Int
    /// Shorter passwords are refused when an account is created.
    public static let minimumLength = 10

    /// OWASP's scrypt minimum (N=2^17) needs 128 MiB per login; 2^15 keeps a login on a small
    /// workshop PC under a second while staying memory-hard.
    public static let standard = PasswordHasher(rounds: 1 << 15, blockSize: 8, parallelism: 1)

    public init(rounds: Int, blockSize: Int, parallelism: Int) {
        self.rounds = rounds
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// A fresh salted hash of `password`.
    public func hash(_ password: String) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = generator.next() }
        let key = try Self.derive(password, salt: salt, rounds: rounds, blockSize: blockSize, parallelism: parallelism)
        return [
            "scrypt", "\(rounds)", "\(blockSize)", "\(parallelism)", Data(salt).base64EncodedString(),
            key.base64EncodedString(),
        ].joined(separator: "$")
    }

    /// Whether `password` matches `stored`, with the parameters stored in it; false for anything malformed.
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let rounds = Int(parts[1]), let blockSize = Int(parts[2]),
            let parallelism = Int(parts[3]), let salt = Data(base64Encoded: parts[4]),
            let expected = Data(base64Encoded: parts[5]),
            let key = try? derive(
                password, salt: [UInt8](salt), rounds: rounds, blockSize: blockSize,
                parallelism: parallelism)
        else { return false }
        return constantTimeEqual(key, expected)
    }

    private static func derive(_ password: String, salt: [UInt8], rounds: Int, blockSize: Int, parallelism: Int)
        throws -> Data
    {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: rounds, blockSize: blockSize,
            parallelism: parallelism)
        return key.withUnsafeBytes { Data($0) }
    }

    /// Compares without an early exit, so timing does not tell how many leading bytes matched.
    static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

/// Random URL-safe tokens for sessions and CSRF.
enum RandomToken {
    static func make(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(raw).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
