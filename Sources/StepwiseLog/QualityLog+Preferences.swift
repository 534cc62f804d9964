import Foundation
import GRDB
import StepwiseCore

extension QualityLog {
    /// The display preferences stored for `worker`, or nil when the coach never set any.
    public func loadPreferences(worker: WorkerPseudonym) throws -> WorkerPreferences? {
        let json = try pool.read { db in
            try String.fetchOne(
                db, sql: "SELECT json FROM worker_preferences WHERE worker = ?", arguments: [worker.rawValue])
        }
        guard let json else { return nil }
        do {
            return try JSONDecoder().decode(WorkerPreferences.self, from: Data(json.utf8))
        } catch {
            throw LogError.unreadablePreferences(worker: worker, reason: "\(error)")
        }
    }

    /// Stores `preferences` for `worker`, replacing earlier ones; the standard preferences remove the row,
    /// so nothing is kept about a worker who needs nothing special.
    public func savePreferences(_ preferences: WorkerPreferences, worker: WorkerPseudonym) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(preferences), as: UTF8.self)
        let now = Self.wallClockNanoseconds()
        try pool.write { db in
            try Self.markWaiting(worker: worker.rawValue, set: "", at: now, in: db)
            guard preferences != .standard else {
                try db.execute(sql: "DELETE FROM worker_preferences WHERE worker = ?", arguments: [worker.rawValue])
                return
            }
            try db.execute(
                sql: """
                    INSERT INTO worker_preferences (worker, json, updated_ns) VALUES (?, ?, ?)
                    ON CONFLICT (worker) DO UPDATE SET json = excluded.json, updated_ns = excluded.updated_ns
                    """,
                arguments: [worker.rawValue, json, now])
        }
    }
}
