import Crypto
import Foundation
import StepwiseCore

/// The workshop's one secret: 32 random bytes on every station, so the same badge gets the same
/// pseudonym at every station without a central badge table (the central database only ever
/// sees pseudonyms).
///
/// A pseudonym is a keyed hash (HMAC-SHA256) of the badge, never a plain one: badge numbers are
/// short, so a plain hash is reversed by hashing every number. A keyed hash is only as safe as
/// the key: whoever holds the key and the central database can re-identify workers by trying
/// badge numbers, so the key stays on the stations and never goes to the central server.
public struct SiteKey: Sendable, Equatable {
    public static let byteCount = 32
    /// Hex digits after "w-": 48 bits. Ten thousand workers over the years collide with odds of
    /// about 1 in 5 million, and "w-" plus 12 digits fits every place that takes a pseudonym
    /// (ids of at most 64 characters: dashboard paths, `stepwise user assign`, exports).
    public static let pseudonymDigits = 12
    /// Separates these hashes from any other use of the same key (the fingerprint's included).
    private static let pseudonymLabel = Array("stepwise site pseudonym v1\n".utf8)
    private static let fingerprintLabel = Array("stepwise site key fingerprint v1\n".utf8)
    /// Tries per badge before a pseudonym that shows the badge is accepted (see `pseudonym`).
    private static let maxAttempts = 64

    /// The bytes, not swift-crypto's `SymmetricKey`, which is not `Sendable` on Linux: the key is
    /// read at start and used on the event thread.
    private let bytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: bytes) }

    /// A new key from the system's CSPRNG.
    public static func generate() -> SiteKey {
        SiteKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// `bytes` must be `byteCount` long (the text reader checks it before).
    init(bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount, "a site key is \(Self.byteCount) bytes")
        self.bytes = bytes
    }

    /// The worker's pseudonym at every station of this site: "w-" and the first 12 hex digits of
    /// HMAC-SHA256(key, label, attempt, badge). Like a drawn one, it must not show the badge (a
    /// one-digit badge would be in half the hashes): the next attempt is taken then, the same at
    /// every station. The attempt is one byte of fixed place, so no two inputs share a message.
    public func pseudonym(forBadge badge: String) -> WorkerPseudonym {
        var candidate = ""
        for attempt in 0..<Self.maxAttempts {
            var code = HMAC<SHA256>(key: key)
            code.update(data: Self.pseudonymLabel + [UInt8(attempt)] + Array(badge.utf8))
            candidate = "w-" + Self.hex(code.finalize()).prefix(Self.pseudonymDigits)
            if !PseudonymDraw.shows(badge, in: candidate) { break }
        }
        return WorkerPseudonym(candidate)
    }

    /// What people compare to see that two stations joined the same site: 16 hex digits of a
    /// hash of the key (never the key, nor a pseudonym), in groups of four.
    public var fingerprint: String {
        let digits = Array(Self.hex(SHA256.hash(data: Self.fingerprintLabel + bytes)).prefix(16))
        return stride(from: 0, to: digits.count, by: 4).map { String(digits[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// The key file's text (`SiteKeyText`).
    public var text: String { SiteKeyText.render(bytes) }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(repeating: "0", count: $0 < 16 ? 1 : 0) + String($0, radix: 16) }.joined()
    }
}
