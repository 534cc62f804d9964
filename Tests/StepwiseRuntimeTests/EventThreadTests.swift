import StepwiseTestSupport
import Foundation
import Testing

/// Nothing reachable from the event thread takes a plain lock, waits on a semaphore or touches
/// SQLite: the event thread hands work over through `BackgroundWork` (a priority-inheriting lock
/// and eventfds) instead. Read from the sources, so a new `NSLock()` in a station file fails here
/// before it can cost a frame.
@Suite struct EventThreadTests {
    /// What the event thread must not call, with why.
    static let forbidden: [(pattern: String, why: String)] = [
        ("NSCondition", "a plain mutex: a preempted low-priority holder stalls the event thread"),
        ("NSLock", "a plain mutex"),
        ("NSRecursiveLock", "a plain mutex"),
        ("DispatchSemaphore", "a wait for another thread"),
        ("pthread_mutex_lock", "a lock outside the priority-inheriting one"),
        ("DatabaseQueue", "SQLite"),
        ("DatabasePool", "SQLite"),
        ("sqlite3_", "SQLite"),
        (".read {", "a GRDB read"),
        (".write {", "a GRDB write"),
        ("QualityLog(", "opening the quality log (SQLite)"),
        ("PseudonymRegistry(", "opening the badge table (SQLite)"),
        ("SiteKeyFile.", "reading or writing the site key file"),
    ]

    /// Files and folders whose code runs on the event thread (or hands work over from it).
    static let eventThreadSources = [
        "Sources/StepwiseRuntime", "Sources/StepwiseDevices", "Sources/StepwiseRender", "Sources/StepwiseBackground",
        "Sources/StepwiseLog/QualityLogWriter.swift", "Sources/StepwiseLog/PendingRecords.swift",
        "Sources/StepwiseLog/PseudonymRegistry.swift", "Sources/StepwiseLog/PseudonymMemory.swift",
        "Sources/StepwiseLog/FileStamp.swift", "Sources/StepwiseLog/SiteKey.swift",
        "Sources/StepwiseLog/NewBadgePseudonyms.swift",
    ]

    /// The exceptions, each with its reason. Keep it short.
    static let allowed: [(path: String, pattern: String, why: String)] = [
        ("Sources/StepwiseBackground/PriorityInheritingLock.swift", "pthread_mutex_lock", "the PI lock itself"),
        ("Sources/StepwiseRuntime/DaemonWiring.swift", "QualityLog(", "opened once at start, before the loop runs"),
        (
            "Sources/StepwiseLog/PseudonymRegistry.swift", "PseudonymRegistry(",
            "`openingWhenPossible` opens it once at start, before the loop runs"
        ),
        (
            "Sources/StepwiseLog/NewBadgePseudonyms.swift", "SiteKeyFile.",
            "`atStart` reads the key once, before the loop runs; a look-up only hashes"
        ),
        (
            "Sources/StepwiseRuntime/QualityLogProfiles.swift", "QualityLog(",
            "read on the profile worker, and once at start before the loop runs"
        ),
        (
            "Sources/StepwiseRuntime/DefinitionsReload.swift", "DispatchSemaphore",
            "the first load waits with its budget before the loop exists"
        ),
    ]

    /// The benchmark drives a daemon from threads of its own; it is not the event path.
    static let excludedFolders = ["Sources/StepwiseRuntime/Bench/"]

    @Test func theEventThreadTakesNoPlainLockAndTouchesNoSQLite() throws {
        let found = try Self.findings(in: Repository.root)
        #expect(found.isEmpty, "on the event thread:\n\(found.joined(separator: "\n"))")
    }

    @Test func everyAllowedExceptionIsStillNeeded() throws {
        let hits = try Self.hits(in: Repository.root)
        for entry in Self.allowed {
            #expect(
                hits.contains { $0.path == entry.path && $0.pattern == entry.pattern },
                "'\(entry.pattern)' in \(entry.path) is allowed but no longer used: remove it from the list")
        }
    }

    @Test func aPlainLockInTheStationIsFound() throws {
        let hits = Self.hits(
            path: "Sources/StepwiseRuntime/StationRuntime.swift",
            text: "final class StationRuntime {\n    private let lock = NSLock()  // guards the scene\n}\n")
        #expect(hits.map(\.pattern) == ["NSLock"])
        #expect(Self.hits(path: "x.swift", text: "    // NSLock would invert priorities\n").isEmpty)
    }

    /// "path:line: pattern (why)" for every forbidden call outside the allow-list.
    static func findings(in root: URL) throws -> [String] {
        try hits(in: root).filter { hit in
            !allowed.contains { $0.path == hit.path && $0.pattern == hit.pattern }
        }.map { "\($0.path):\($0.line): \($0.pattern) (\($0.why))" }
    }

    struct Hit {
        var path: String
        var line: Int
        var pattern: String
        var why: String
    }

    static func hits(in root: URL) throws -> [Hit] {
        try swiftFiles(in: root).flatMap { path in
            hits(path: path, text: try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))
        }
    }

    /// Hits in code, not in comments (a `//` and what follows it is left out).
    static func hits(path: String, text: String) -> [Hit] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { index, line in
            let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
            return forbidden.filter { code.contains($0.pattern) }.map {
                Hit(path: path, line: index + 1, pattern: $0.pattern, why: $0.why)
            }
        }
    }

    /// The event-thread sources, as paths relative to `root`.
    static func swiftFiles(in root: URL) throws -> [String] {
        var files: [String] = []
        for source in eventThreadSources {
            let url = root.appendingPathComponent(source)
            if source.hasSuffix(".swift") {
                files.append(source)
                continue
            }
            let enumerator = FileManager.default.enumerator(atPath: url.path)
            while let relative = enumerator?.nextObject() as? String {
                let path = source + "/" + relative
                if path.hasSuffix(".swift") && !excludedFolders.contains(where: path.hasPrefix) { files.append(path) }
            }
        }
        #expect(files.count > 20, "the sources were found")
        return files.sorted()
    }
}
