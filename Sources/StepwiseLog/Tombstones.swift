import Foundation
import GRDB
import StepwiseCore

/// A worker erased on the central server. Every station removes what it holds of the pseudonym
/// once per erasure (`erasedAt` tells erasures apart): with a site key a badge keeps its
/// pseudonym, so records a worker makes after the station applied it are theirs anew and stay.
/// Row time is not compared: a station's clock (or a replay's) need not agree with the server's.
public struct Tombstone: Sendable, Equatable {
    public var worker: WorkerPseudonym
    public var erasedAt: Instant

    public init(worker: WorkerPseudonym, erasedAt: Instant) {
        self.worker = worker
        self.erasedAt = erasedAt
    }
}

extension QualityLog {
    /// Applies the tombstones this log has not applied yet (an erasure repeated later applies
    /// again): the worker's records, skills, preferences and coach assignments,
    /// in one transaction with the note that it was applied. Returns the tombstones applied now.
    public func apply(_ tombstones: [Tombstone]) throws -> [Tombstone] {
        let applied = try pool.write { db -> [Tombstone] in
            var applied: [Tombstone] = []
            for tombstone in tombstones where try !Self.wasApplied(tombstone, db) {
                let (worker, through) = (tombstone.worker.rawValue, Int64(clamping: tombstone.erasedAt.nanoseconds))
                for table in ["quality_record", "worker_skill", "worker_preferences", "dashboard_coach_worker"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE worker = ?", arguments: [worker])
                }
                try Self.forgetWorkerState(of: tombstone.worker, in: db)
                try db.execute(
                    sql: "INSERT OR REPLACE INTO erasure_applied (worker, erased_ns) VALUES (?, ?)",
                    arguments: [worker, through])
                applied.append(tombstone)
            }
            return applied
        }
        if !applied.isEmpty { checkpoint() }
        return applied
    }

    private static func wasApplied(_ tombstone: Tombstone, _ db: Database) throws -> Bool {
        let done = try Int64.fetchOne(
            db, sql: "SELECT erased_ns FROM erasure_applied WHERE worker = ?", arguments: [tombstone.worker.rawValue])
        return done.map { $0 >= Int64(clamping: tombstone.erasedAt.nanoseconds) } ?? false
    }

    /// The log's migration that notes applied erasures (registered in `LogSchema.migrations`).
    @Sendable static func createErasureApplied(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE erasure_applied (worker TEXT PRIMARY KEY, erased_ns INTEGER NOT NULL)")
    }
}

extension PseudonymRegistry {
    /// Forgets the badge bound to `worker` in the badge table at `path` (the uplink applying a
    /// central erasure; the daemon's registry sees the file change and reads it again). False
    /// when no badge was bound to it or there is no table.
    public static func forget(_ worker: WorkerPseudonym, inTableAt path: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        return try PseudonymFile(path: path).erase(pseudonym: worker)
    }
}
