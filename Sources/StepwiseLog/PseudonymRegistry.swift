import StepwiseBackground
import StepwiseCore

/// Maps badge ids to worker pseudonyms, in its own SQLite file (`PseudonymFile`), never in the
/// quality log: the log and the dashboard only ever see "w-7f3a9c".
///
/// The badge id is stored as-is, as the key. Hashing it would not protect it: badge numbers are
/// short, so any hash whose key sits next to it is reversed by trying every number. What protects
/// it is that this file is separate, readable by its owner only (0600), and that `erase(badge:)`
/// deletes the row with SQLite's secure delete.
///
/// A badge login is on the station's event thread, so `pseudonym(forBadge:)` answers from memory
/// only (a SQLite transaction there cost up to 45 ms under disk load): the table is read at
/// start, and a new badge gets a spare pseudonym (reserved on disk beforehand) at once; the
/// binding is stored by the registry's worker afterwards. A failed store is a fault on `faults`
/// (nil: stored again). The memory is trusted only while the file is unchanged since it was read
/// (`FileStamp`: a `stat` and a 4-byte read): `stepwise erase-worker`, or any other writer,
/// changes the stamp; the look-up then fails with `PseudonymUnavailable.tableChanged` while the
/// worker reads the file again, so an erased badge is never answered with its old pseudonym.
///
/// With a site key (`NewBadgePseudonyms.keyed`), a new badge gets the site's keyed pseudonym
/// instead of a spare, computed in memory from the key read at start; its binding is stored here
/// as any other, so erasure and known badges work as before.
public final class PseudonymRegistry: Sendable {
    public let path: String
    private let work: BackgroundWork<PseudonymMemory, String?>
    /// The file as opened at start, for `erase` (nil: not openable then).
    private let opened: PseudonymFile?

    /// Faults for the loop, posted by the worker: a message when a new badge's pseudonym cannot
    /// be stored or the file cannot be opened or read, nil once it works again.
    public var faults: LoopMailbox<String?> { work.results }

    /// What a badge never seen gets (the site key as read at start).
    public let newBadges: NewBadgePseudonyms

    /// Opens (creating if needed) the registry at `path`, mode 0600, and reads it into memory.
    /// New badges get what `newBadges` says; a badge already bound keeps its stored pseudonym.
    public init(path: String, newBadges: NewBadgePseudonyms = .drawn) throws {
        let file = try PseudonymFile(path: path)
        var memory = PseudonymMemory()
        memory.newBadges = newBadges
        // Spares before the first scan, so even the first new badge gets a reserved pseudonym. On
        // a full disk the worker does it later; the table is still read and known badges answered.
        if (try? file.retireSpares()) != nil {
            memory.sparesRetired = true
            try? file.store([], spares: PseudonymMemory.spareCount)
        }
        let stamp = FileStamp(path: path)
        memory.read(try file.contents(), stamp: stamp)
        self.path = path
        self.newBadges = newBadges
        opened = file
        work = Self.start(path: path, file: file, memory: memory)
    }

    /// A registry whose file cannot be opened now (the log's folder missing or read-only at
    /// start): its worker opens it again at each look-up, which fails with the reason until the
    /// file is open and read, instead of stopping the station.
    public static func openingWhenPossible(path: String, newBadges: NewBadgePseudonyms = .drawn) -> PseudonymRegistry {
        (try? PseudonymRegistry(path: path, newBadges: newBadges))
            ?? PseudonymRegistry(unopened: path, newBadges: newBadges)
    }

    private init(unopened path: String, newBadges: NewBadgePseudonyms) {
        self.path = path
        self.newBadges = newBadges
        opened = nil
        var memory = PseudonymMemory()
        memory.unavailable = .notOpen(path: path)
        memory.newBadges = newBadges
        work = Self.start(path: path, file: nil, memory: memory)
    }

    private static func start(path: String, file: PseudonymFile?, memory: PseudonymMemory)
        -> BackgroundWork<PseudonymMemory, String?>
    {
        let keeper = PseudonymKeeper(path: path, file: file)
        return BackgroundWork(name: "stepwise.badges", state: memory) { keeper.run($0) }
    }

    /// Stores what is not stored yet, then stops the worker.
    deinit { work.close() }

    /// The pseudonym of `badge`, from memory; a new badge gets a spare at once. Safe on the
    /// event thread: a `stat`, a 4-byte read and a priority-inheriting lock, no SQLite.
    public func pseudonym(forBadge badge: String) throws -> WorkerPseudonym {
        let stamp = FileStamp(path: path)
        let (answer, wake) = work.withState { $0.lookUp(badge, stamp: stamp) }
        if wake { work.wake() }
        return try answer.get()
    }

    /// Waits until every new badge is stored and the spares are topped up, or storing fails.
    /// Never on the event thread.
    public func flush() {
        work.wait { $0.isSettled }
    }

    /// Forgets `badge` (on the caller's thread: `stepwise erase-worker`, tests). Returns its
    /// pseudonym, so the caller can erase it from the quality log too, or nil if it was never seen.
    public func erase(badge: String) throws -> WorkerPseudonym? {
        flush()
        let erased = try (opened ?? PseudonymFile(path: path)).erase(badge: badge)
        work.submit { $0.reloadRequested = true }
        flush()
        return erased
    }

    /// Whole-table reads so far (for tests: a look-up never reads the file).
    var fileReads: Int { work.withState { $0.fileReads } }
}

/// Why a badge could not be answered from memory. The worker is already fixing it.
public enum PseudonymUnavailable: Error, CustomStringConvertible, Sendable {
    case notOpen(path: String)
    case cannotOpen(reason: String)
    case tableChanged
    case siteKeyRefused(SiteKeyError)

    public var description: String {
        switch self {
        case .notOpen(let path): "the badge table '\(path)' is not open yet; opening it, scan the badge again"
        case .cannotOpen(let reason): "the badge table cannot be opened: \(reason)"
        case .tableChanged:
            "the badge table was changed by another program (a worker erased); reading it again, scan the badge again"
        case .siteKeyRefused(let error):
            "a new badge cannot get the site's pseudonym: the site key is refused (\(error)); fix it and restart stepwised"
        }
    }
}
