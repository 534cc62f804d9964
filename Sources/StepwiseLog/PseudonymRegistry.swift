import Foundation
import GRDB
import StepwiseCore
import Synchronization

/// Maps badge ids to worker pseudonyms, in its own SQLite file, never in the quality log: the
/// log and the dashboard only ever see "w-7f3a9c".
///
/// The badge id is stored as-is, as the key. Hashing it would not protect it: badge numbers are
/// short, so any hash whose key sits next to it is reversed by trying every number. What protects
/// it is that this file is separate, readable by its owner only (0600), and that `erase(badge:)`
/// deletes the row with SQLite's secure delete.
///
/// Known badges are answered from memory (a badge login is on the station's event thread, and a
/// SQLite transaction there cost up to 45 ms under disk load). The memory is trusted only while
/// the file is unchanged since it was read (`FileStamp`): `stepwise erase-worker`, or any other
/// writer, changes the stamp, and the next look-up reads the file again, so an erased badge is
/// never answered with its old pseudonym. Sendable: the database queue and a mutex-guarded copy.
public final class PseudonymRegistry: Sendable {
    public let path: String
    /// Nil until opened: a registry made with `openingWhenPossible` opens on its first use.
    private let database: Mutex<DatabaseQueue?>
    private let known = Mutex(KnownBadges())
    private static let maxDraws = 1_000

    /// The table as read, and the stamp the file had just before it was read.
    struct KnownBadges: Sendable {
        var stamp: FileStamp?
        var pseudonyms: [String: String] = [:]
        /// Look-ups answered by reading the file (for tests: the fast path reads nothing).
        var fileReads = 0
    }

    /// Opens (creating if needed) the registry at `path` and restricts it to mode 0600.
    public init(path: String) throws {
        self.path = path
        database = Mutex(try Self.open(path))
    }

    /// A registry whose file cannot be opened now (the log's folder missing or read-only at
    /// start) is opened again at each look-up: each fails with the reason until the file can be
    /// opened, instead of stopping the station.
    public static func openingWhenPossible(path: String) -> PseudonymRegistry {
        (try? PseudonymRegistry(path: path)) ?? PseudonymRegistry(unopened: path)
    }

    private init(unopened path: String) {
        self.path = path
        database = Mutex(nil)
    }

    /// The open database, opened now if it was not.
    private func queue() throws -> DatabaseQueue {
        try database.withLock { database in
            if let database { return database }
            let opened = try Self.open(path)
            database = opened
            return opened
        }
    }

    private static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        // A rollback journal (not WAL): every commit raises the header's change counter, which
        // tells the in-memory copy that another process (erase-worker) wrote.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
        }
        do {
            try Self.createPrivately(path)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS badge_pseudonym (
                            badge TEXT PRIMARY KEY,
                            pseudonym TEXT NOT NULL UNIQUE)
                        """)
            }
            return queue
        } catch let error as LogError {
            throw error
        } catch {
            throw LogError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// The pseudonym of `badge`; on first sight a fresh random one is drawn and stored. A badge
    /// seen before, with the file unchanged since, costs a `stat`, a 4-byte read and no SQLite.
    public func pseudonym(forBadge badge: String) throws -> WorkerPseudonym {
        let stamp = FileStamp(path: path)
        let remembered = known.withLock { memory in
            stamp != nil && memory.stamp == stamp ? memory.pseudonyms[badge] : nil
        }
        if let remembered { return WorkerPseudonym(remembered) }
        let pseudonym = try lookUp(badge)
        try rememberAll()
        return pseudonym
    }

    /// Number of look-ups that read the file.
    var fileReads: Int { known.withLock { $0.fileReads } }

    /// Reads the whole table into memory with the stamp the file had before the read: a write
    /// after the stamp makes the next look-up read again, never trust an older table.
    private func rememberAll() throws {
        let stamp = FileStamp(path: path)
        let rows = try queue().read { db in
            try Row.fetchAll(db, sql: "SELECT badge, pseudonym FROM badge_pseudonym").map {
                (row: Row) -> (String, String) in
                (row["badge"], row["pseudonym"])
            }
        }
        known.withLock { memory in
            memory.stamp = stamp
            memory.pseudonyms = Dictionary(rows, uniquingKeysWith: { first, _ in first })
            memory.fileReads += 1
        }
    }

    private func lookUp(_ badge: String) throws -> WorkerPseudonym {
        try queue().write { db in
            if let known = try String.fetchOne(
                db, sql: "SELECT pseudonym FROM badge_pseudonym WHERE badge = ?", arguments: [badge])
            {
                return WorkerPseudonym(known)
            }
            let fresh = try Self.draw(avoiding: badge, in: db)
            try db.execute(
                sql: "INSERT INTO badge_pseudonym (badge, pseudonym) VALUES (?, ?)", arguments: [badge, fresh])
            return WorkerPseudonym(fresh)
        }
    }

    /// Forgets `badge`. Returns its pseudonym, so the caller can erase it from the quality log
    /// too, or nil if the badge was never seen.
    public func erase(badge: String) throws -> WorkerPseudonym? {
        known.withLock { $0 = KnownBadges(fileReads: $0.fileReads) }
        return try queue().write { db in
            let known = try String.fetchOne(
                db, sql: "SELECT pseudonym FROM badge_pseudonym WHERE badge = ?", arguments: [badge])
            try db.execute(sql: "DELETE FROM badge_pseudonym WHERE badge = ?", arguments: [badge])
            return known.map { WorkerPseudonym($0) }
        }
    }

    /// A random "w-" plus 6 hex digits not yet in use and not containing the badge itself.
    private static func draw(avoiding badge: String, in db: Database) throws -> String {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<maxDraws {
            let number = generator.next(upperBound: UInt32(1 << 24))
            let hex = String(number, radix: 16)
            let candidate = "w-" + String(repeating: "0", count: 6 - hex.count) + hex
            if !badge.isEmpty && candidate.localizedCaseInsensitiveContains(badge) { continue }
            let taken =
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM badge_pseudonym WHERE pseudonym = ?)",
                    arguments: [candidate]) ?? false
            if !taken { return candidate }
        }
        throw LogError.noFreePseudonym(attempts: maxDraws)
    }

    /// Creates the file with mode 0600 before SQLite opens it (SQLite gives its journal the same
    /// mode), and tightens an existing file that is too open.
    private static func createPrivately(_ path: String) throws {
        let files = FileManager.default
        if !files.fileExists(atPath: path) {
            guard files.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw LogError.cannotOpen(path: path, reason: "the file cannot be created")
            }
        }
        try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}
