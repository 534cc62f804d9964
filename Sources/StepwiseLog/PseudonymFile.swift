import Foundation
import GRDB
import StepwiseCore

/// The registry's SQLite file: badge → pseudonym bindings and spare pseudonyms. Used by the
/// registry's worker and by `stepwise erase-worker`, never on the event thread.
///
/// Spares are pseudonyms reserved on disk before any badge needs them, so the event thread can
/// hand one out from memory at once and the binding is stored afterwards. Each open retires the
/// spares of the run before (`retireSpares`): one may have been handed out to a badge whose binding never reached
/// the disk (a crash right after the scan), and its records may already be in the log, so it is
/// never handed to another badge. Retired spares stay in the file only so no draw repeats them.
struct PseudonymFile: Sendable {
    let path: String
    let queue: DatabaseQueue
    private static let maxDraws = 1_000

    /// What is stored: bindings, this run's spares, and every pseudonym ever used (never drawn again).
    struct Contents: Sendable {
        var bindings: [String: String] = [:]
        var spares: [String] = []
        var taken: Set<String> = []
    }

    /// Opens (creating if needed) the file at `path` with mode 0600. Writes nothing to a file
    /// that has its tables, so a full disk still lets the table be read.
    init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        // A rollback journal (not WAL): every commit raises the header's change counter, which
        // tells the in-memory copy that another process (erase-worker) wrote.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
        }
        do {
            try Self.createPrivately(path)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS badge_pseudonym (
                            badge TEXT PRIMARY KEY,
                            pseudonym TEXT NOT NULL UNIQUE);
                        CREATE TABLE IF NOT EXISTS spare_pseudonym (
                            pseudonym TEXT PRIMARY KEY,
                            retired INTEGER NOT NULL DEFAULT 0);
                        """)
            }
        } catch let error as LogError {
            throw error
        } catch {
            throw LogError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Retires the spares of earlier runs (see above); once per run, before the first spare is handed out.
    func retireSpares() throws {
        try queue.write { db in try db.execute(sql: "UPDATE spare_pseudonym SET retired = 1 WHERE retired = 0") }
    }

    /// Everything stored, in one read transaction.
    func contents() throws -> Contents {
        try queue.read { db in
            var contents = Contents()
            for row in try Row.fetchAll(db, sql: "SELECT badge, pseudonym FROM badge_pseudonym") {
                let (badge, pseudonym): (String, String) = (row["badge"], row["pseudonym"])
                contents.bindings[badge] = pseudonym
                contents.taken.insert(pseudonym)
            }
            for row in try Row.fetchAll(db, sql: "SELECT pseudonym, retired FROM spare_pseudonym ORDER BY rowid") {
                let (pseudonym, retired): (String, Bool) = (row["pseudonym"], row["retired"])
                contents.taken.insert(pseudonym)
                if !retired { contents.spares.append(pseudonym) }
            }
            return contents
        }
    }

    /// Stores `bindings` (a spare bound leaves the spares) and tops the spares up to `spares`, in
    /// one transaction. A badge already bound on disk keeps the stored pseudonym.
    func store(_ bindings: [(badge: String, pseudonym: String)], spares: Int) throws {
        try queue.write { db in
            for binding in bindings {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO badge_pseudonym (badge, pseudonym) VALUES (?, ?)",
                    arguments: [binding.badge, binding.pseudonym])
                try db.execute(sql: "DELETE FROM spare_pseudonym WHERE pseudonym = ?", arguments: [binding.pseudonym])
            }
            let have = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM spare_pseudonym WHERE retired = 0") ?? 0
            for _ in 0..<max(0, spares - have) {
                try db.execute(
                    sql: "INSERT INTO spare_pseudonym (pseudonym) VALUES (?)", arguments: [try Self.draw(in: db)])
            }
        }
    }

    /// Forgets `badge`; returns its pseudonym, or nil if the badge was never stored.
    func erase(badge: String) throws -> WorkerPseudonym? {
        try queue.write { db in
            let known = try String.fetchOne(
                db, sql: "SELECT pseudonym FROM badge_pseudonym WHERE badge = ?", arguments: [badge])
            try db.execute(sql: "DELETE FROM badge_pseudonym WHERE badge = ?", arguments: [badge])
            return known.map { WorkerPseudonym($0) }
        }
    }

    /// Forgets the badge bound to `pseudonym`; false if none was.
    func erase(pseudonym: WorkerPseudonym) throws -> Bool {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM badge_pseudonym WHERE pseudonym = ?", arguments: [pseudonym.rawValue])
            return db.changesCount > 0
        }
    }

    /// A random "w-" plus 6 hex digits not used before.
    private static func draw(in db: Database) throws -> String {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<maxDraws {
            let candidate = PseudonymDraw.candidate(&generator)
            let taken =
                try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM badge_pseudonym WHERE pseudonym = ?1)
                            OR EXISTS (SELECT 1 FROM spare_pseudonym WHERE pseudonym = ?1)
                        """, arguments: [candidate]) ?? false
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

/// Drawing a pseudonym: "w-" and 6 random hex digits.
enum PseudonymDraw {
    static func candidate(_ generator: inout some RandomNumberGenerator) -> String {
        let hex = String(generator.next(upperBound: UInt32(1 << 24)), radix: 16)
        return "w-" + String(repeating: "0", count: 6 - hex.count) + hex
    }

    /// A pseudonym must not show the badge (a one-digit hex badge would be in most draws).
    static func shows(_ badge: String, in pseudonym: String) -> Bool {
        !badge.isEmpty && pseudonym.localizedCaseInsensitiveContains(badge)
    }
}
