import Foundation
import StepwiseCore
import Testing
@testable import StepwiseLog

@Suite struct PseudonymRegistryTests {
    @Test func sameBadgeGivesSamePseudonymAcrossReopening() throws {
        let scratch = try Scratch()
        let path = scratch.path("pseudonyms.sqlite")
        let first = try PseudonymRegistry(path: path).pseudonym(forBadge: "04A1B2C3D4")
        let registry = try PseudonymRegistry(path: path)
        #expect(try registry.pseudonym(forBadge: "04A1B2C3D4") == first)
        #expect(try registry.pseudonym(forBadge: "04A1B2C3D4") == first)
    }

    @Test func aKnownBadgeIsAnsweredFromMemory() throws {
        let scratch = try Scratch()
        let registry = try PseudonymRegistry(path: scratch.path("pseudonyms.sqlite"))
        let first = try registry.pseudonym(forBadge: "04A1B2C3D4")
        #expect(registry.fileReads == 1)
        for _ in 0..<3 { #expect(try registry.pseudonym(forBadge: "04A1B2C3D4") == first) }
        #expect(registry.fileReads == 1, "no SQLite read while the file is unchanged")
        _ = try registry.pseudonym(forBadge: "other")
        #expect(registry.fileReads == 2, "a new badge is written and read")
    }

    @Test func anEraseByAnotherProcessIsSeenAtOnce() throws {
        let scratch = try Scratch()
        let path = scratch.path("pseudonyms.sqlite")
        let station = try PseudonymRegistry(path: path)
        let before = try station.pseudonym(forBadge: "04A1B2C3D4")
        _ = try station.pseudonym(forBadge: "04A1B2C3D4")
        // `stepwise erase-worker` opens its own registry on the same file, microseconds later.
        #expect(try PseudonymRegistry(path: path).erase(badge: "04A1B2C3D4") == before)
        let after = try station.pseudonym(forBadge: "04A1B2C3D4")
        #expect(after != before, "an erased badge never comes back with its old pseudonym")
        #expect(try PseudonymRegistry(path: path).pseudonym(forBadge: "04A1B2C3D4") == after)
    }

    @Test func differentBadgesGetDifferentWellFormedPseudonyms() throws {
        let scratch = try Scratch()
        let registry = try PseudonymRegistry(path: scratch.path("pseudonyms.sqlite"))
        let badges = (0..<200).map { "badge-\($0)" }
        let pseudonyms = try badges.map { try registry.pseudonym(forBadge: $0).rawValue }
        #expect(Set(pseudonyms).count == badges.count)
        for pseudonym in pseudonyms {
            #expect(pseudonym.wholeMatch(of: /w-[0-9a-f]{6}/) != nil)
        }
    }

    @Test func pseudonymNeverContainsTheBadge() throws {
        let scratch = try Scratch()
        let registry = try PseudonymRegistry(path: scratch.path("pseudonyms.sqlite"))
        // One-digit hex badges would appear in most random draws if they were not avoided.
        for badge in ["7", "a", "0", "04A1B2C3D4"] {
            let pseudonym = try registry.pseudonym(forBadge: badge).rawValue
            #expect(!pseudonym.lowercased().dropFirst(2).contains(badge.lowercased()))
        }
    }

    @Test func fileIsReadableByItsOwnerOnly() throws {
        let scratch = try Scratch()
        let path = scratch.path("pseudonyms.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        _ = try PseudonymRegistry(path: path).pseudonym(forBadge: "04A1B2C3D4")
        let fresh = scratch.path("fresh.sqlite")
        _ = try PseudonymRegistry(path: fresh).pseudonym(forBadge: "04A1B2C3D4")
        for file in [path, fresh] {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func eraseForgetsTheBadgeAndReturnsItsPseudonym() throws {
        let scratch = try Scratch()
        let registry = try PseudonymRegistry(path: scratch.path("pseudonyms.sqlite"))
        let kept = try registry.pseudonym(forBadge: "keep")
        let erased = try registry.pseudonym(forBadge: "erase")
        #expect(try registry.erase(badge: "erase") == erased)
        #expect(try registry.erase(badge: "erase") == nil)
        #expect(try registry.pseudonym(forBadge: "keep") == kept)
        #expect(try registry.pseudonym(forBadge: "erase") != erased)
    }

    @Test func badgeNeverReachesTheQualityLogFile() throws {
        let scratch = try Scratch()
        let registry = try PseudonymRegistry(path: scratch.path("pseudonyms.sqlite"))
        let logPath = scratch.path("log.sqlite")
        let log = try QualityLog(path: logPath)
        let worker = try registry.pseudonym(forBadge: "BADGE-998877")
        try log.append([Sample.step(1, worker: worker)])
        try log.saveSkill(Sample.skill(worker))
        let bytes = [logPath, logPath + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }
        #expect(!bytes.isEmpty)
        for data in bytes { #expect(data.range(of: Data("BADGE-998877".utf8)) == nil) }
        #expect(try log.records().first?.worker == worker)
    }
}
