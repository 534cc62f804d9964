import Foundation
import StepwiseCore
import Testing

@testable import StepwiseLog

/// One pseudonym per worker across the site's stations, from the key and the badge alone.
@Suite struct SiteKeyTests {
    @Test func twoStationsWithTheSameKeyGiveABadgeTheSamePseudonym() throws {
        let key = SiteKey.generate()
        let scratch = try Scratch()
        let first = try PseudonymRegistry(path: scratch.path("a.sqlite"), newBadges: .keyed(key))
        let second = try PseudonymRegistry(path: scratch.path("b.sqlite"), newBadges: .keyed(key))
        let atFirst = try first.pseudonym(forBadge: "04A1B2C3D4")
        #expect(try second.pseudonym(forBadge: "04A1B2C3D4") == atFirst)
        #expect(atFirst == key.pseudonym(forBadge: "04A1B2C3D4"))
        #expect(try second.pseudonym(forBadge: "04A1B2C3D5") != atFirst)
    }

    @Test func differentKeysGiveDifferentPseudonyms() {
        let (one, other) = (SiteKey.generate(), SiteKey.generate())
        #expect(one != other)
        #expect(one.pseudonym(forBadge: "04A1B2C3D4") != other.pseudonym(forBadge: "04A1B2C3D4"))
        #expect(one.fingerprint != other.fingerprint)
    }

    @Test func aKeyReadBackGivesTheSamePseudonymsAndFingerprint() throws {
        let key = SiteKey.generate()
        let read = try SiteKeyText.parse(Array(key.text.utf8))
        #expect(read == key)
        #expect(read.pseudonym(forBadge: "1234") == key.pseudonym(forBadge: "1234"))
        #expect(read.fingerprint == key.fingerprint)
    }

    /// A known key, so the derivation is pinned (the values come from Python's hmac, not from
    /// this code): a change would split every worker's history at the next update.
    @Test func thePseudonymOfAKnownKeyAndBadgeNeverChanges() throws {
        let key = try SiteKeyText.parse(Array("\(SiteKeyText.header)\n\(String(repeating: "ab", count: 32))\n".utf8))
        #expect(key.pseudonym(forBadge: "04A1B2C3D4").rawValue == "w-1313b942195b")
        // The first two hashes of badge "3" show a "3": the third attempt is taken.
        #expect(key.pseudonym(forBadge: "3").rawValue == "w-78a79110ee70")
        #expect(key.fingerprint == "31f8-5b95-44ed-9730")
    }

    @Test func pseudonymsAreWellFormedAndNeverShowTheBadge() {
        let key = SiteKey.generate()
        let badges =
            (0..<16).map { String($0, radix: 16) } + ["04A1B2C3D4", "", "ü", String(repeating: "9", count: 200)]
        for badge in badges {
            let pseudonym = key.pseudonym(forBadge: badge).rawValue
            #expect(pseudonym.count == 2 + SiteKey.pseudonymDigits, "\(pseudonym)")
            #expect(pseudonym.hasPrefix("w-"))
            #expect(pseudonym.dropFirst(2).allSatisfy { $0.isHexDigit && !$0.isUppercase }, "\(pseudonym)")
            #expect(!PseudonymDraw.shows(badge, in: pseudonym), "\(badge) in \(pseudonym)")
        }
    }

    @Test func theFingerprintIsShortAndIsNotTheKey() {
        let key = SiteKey.generate()
        let hex = key.text.split(separator: "\n")[1]
        #expect(key.fingerprint.count == 19)
        #expect(!hex.contains(key.fingerprint.replacingOccurrences(of: "-", with: "")))
    }
}

/// The registry with a site key: new badges keyed, known badges as stored, erasure as before.
@Suite struct SiteKeyRegistryTests {
    @Test func aNewBadgeGetsTheKeyedPseudonymFromMemory() throws {
        let key = SiteKey.generate()
        let scratch = try Scratch()
        let registry = try PseudonymRegistry(path: scratch.path("pseudonyms.sqlite"), newBadges: .keyed(key))
        registry.flush()
        let reads = registry.fileReads
        #expect(try registry.pseudonym(forBadge: "04A1B2C3D4") == key.pseudonym(forBadge: "04A1B2C3D4"))
        #expect(registry.fileReads == reads, "the look-up read nothing")
        registry.flush()
        let reopened = try PseudonymRegistry(path: scratch.path("pseudonyms.sqlite"))
        #expect(try reopened.pseudonym(forBadge: "04A1B2C3D4") == key.pseudonym(forBadge: "04A1B2C3D4"), "stored")
    }

    @Test func aKnownBadgeKeepsItsStationPseudonym() throws {
        let scratch = try Scratch()
        let path = scratch.path("pseudonyms.sqlite")
        let before = try PseudonymRegistry(path: path).pseudonym(forBadge: "04A1B2C3D4")
        let key = SiteKey.generate()
        let joined = try PseudonymRegistry(path: path, newBadges: .keyed(key))
        #expect(try joined.pseudonym(forBadge: "04A1B2C3D4") == before)
        #expect(try joined.pseudonym(forBadge: "new") == key.pseudonym(forBadge: "new"))
    }

    @Test func aRefusedKeyRefusesNewBadgesButNotKnownOnes() throws {
        let scratch = try Scratch()
        let path = scratch.path("pseudonyms.sqlite")
        let known = try PseudonymRegistry(path: path).pseudonym(forBadge: "known")
        let refusal = SiteKeyError(path: "/k", problem: .openToOthers(mode: 0o644))
        let registry = try PseudonymRegistry(path: path, newBadges: .refused(refusal))
        #expect(try registry.pseudonym(forBadge: "known") == known)
        let error = #expect(throws: PseudonymUnavailable.self) { try registry.pseudonym(forBadge: "new") }
        #expect(error?.description.contains("/k: mode 0644") == true, "\(String(describing: error))")
    }

    @Test func eraseForgetsAKeyedBadge() throws {
        let key = SiteKey.generate()
        let scratch = try Scratch()
        let path = scratch.path("pseudonyms.sqlite")
        let station = try PseudonymRegistry(path: path, newBadges: .keyed(key))
        let worker = try station.pseudonym(forBadge: "04A1B2C3D4")
        station.flush()
        #expect(try PseudonymRegistry(path: path).erase(badge: "04A1B2C3D4") == worker)
        #expect(try PseudonymRegistry(path: path).erase(badge: "04A1B2C3D4") == nil, "the badge is no longer known")
    }

    /// Two badges on one keyed pseudonym (a forged collision) must not merge two workers.
    @Test func aKeyedPseudonymBoundToAnotherBadgeIsNotHandedOutTwice() {
        let key = SiteKey.generate()
        var memory = PseudonymMemory()
        memory.newBadges = .keyed(key)
        memory.bindings["other"] = key.pseudonym(forBadge: "04A1B2C3D4").rawValue
        let answer = try? memory.lookUp("04A1B2C3D4", stamp: nil).answer.get()
        #expect(answer != nil)
        #expect(answer != key.pseudonym(forBadge: "04A1B2C3D4"))
    }
}
