import Foundation
import GRDB
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

    @Test func aBadgeIsAnsweredFromMemoryAndANewOneStoredByTheWorker() throws {
        let scratch = try Scratch()
        let registry = try PseudonymRegistry(path: scratch.path("pseudonyms.sqlite"))
        #expect(registry.fileReads == 1, "the table is read once at start")
        registry.flush()  // the worker reserves the spares and reads the table back
        let reads = registry.fileReads
        let first = try registry.pseudonym(forBadge: "04A1B2C3D4")
        for _ in 0..<3 { #expect(try registry.pseudonym(forBadge: "04A1B2C3D4") == first) }
        #expect(registry.fileReads == reads, "a look-up reads nothing, a new badge included")
        registry.flush()
        #expect(registry.fileReads == reads + 1, "the worker stored the new badge and read the table back")
        #expect(try registry.pseudonym(forBadge: "04A1B2C3D4") == first)
    }

    @Test func anEraseByAnotherProcessIsSeenAtOnce() throws {
        let scratch = try Scratch()
        let path = scratch.path("pseudonyms.sqlite")
        let station = try PseudonymRegistry(path: path)
        let before = try station.pseudonym(forBadge: "04A1B2C3D4")
        station.flush()
        // `stepwise erase-worker` opens its own registry on the same file, microseconds later.
        #expect(try PseudonymRegistry(path: path).erase(badge: "04A1B2C3D4") == before)
        #expect(throws: PseudonymUnavailable.self, "never the old pseudonym: the table is read again first") {
            try station.pseudonym(forBadge: "04A1B2C3D4")
        }
        station.flush()
        let after = try station.pseudonym(forBadge: "04A1B2C3D4")
        #expect(after != before, "an erased badge never comes back with its old pseudonym")
        station.flush()
        #expect(try PseudonymRegistry(path: path).pseudonym(forBadge: "04A1B2C3D4") == after)
    }

    @Test func aCrashBeforeTheStoreNeverHandsThatPseudonymToAnotherBadge() throws {
        let scratch = try Scratch()
        let path = scratch.path("pseudonyms.sqlite")
        let station = try PseudonymRegistry(path: path)
        station.flush()
        // The file as a crash right after the next scan would leave it: the scan's pseudonym is
        // handed out in memory and never stored.
        let crashed = scratch.path("crashed.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: crashed)
        let lost = try station.pseudonym(forBadge: "badge-lost")
        let restarted = try PseudonymRegistry(path: crashed)
        for index in 0..<(3 * PseudonymMemory.spareCount) {
            #expect(try restarted.pseudonym(forBadge: "badge-\(index)") != lost)
            restarted.flush()
        }
        #expect(try restarted.pseudonym(forBadge: "badge-lost") != lost)
    }

    @Test func aFailedStoreIsAFaultForTheLoopUntilItIsStored() throws {
        let scratch = try Scratch()
        let path = scratch.path("pseudonyms.sqlite")
        let registry = try PseudonymRegistry(path: path)
        registry.flush()
        let blocker = try DatabaseQueue(path: path)
        let worker = try blocker.write { db -> WorkerPseudonym in
            // Another writer holds the file: the worker's store fails with SQLITE_BUSY.
            try db.execute(sql: "CREATE TABLE held (x)")
            let worker = try registry.pseudonym(forBadge: "new-badge")
            registry.flush()
            return worker
        }
        // The fault is posted to the loop's mailbox just after the failed attempt settles, so the
        // test waits for the mailbox the way the loop does.
        var ready = pollfd(fd: registry.faults.fd, events: Int16(POLLIN), revents: 0)
        _ = poll(&ready, 1, 10_000)  // a guard against a hang, not a timing assertion
        #expect(registry.faults.take().first??.contains("cannot be stored") == true)
        // The worker retries after its backoff; the fault clears through the same mailbox.
        var cleared = false
        for _ in 0..<100 where !cleared {
            var ready = pollfd(fd: registry.faults.fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&ready, 1, 1_000)  // a guard against a hang, not a timing assertion
            cleared = registry.faults.take().contains { $0 == nil }
        }
        #expect(cleared)
        registry.flush()
        #expect(try PseudonymRegistry(path: path).pseudonym(forBadge: "new-badge") == worker)
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
