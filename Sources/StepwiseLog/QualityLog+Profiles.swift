import Foundation
import GRDB
import StepwiseCore

/// What the log stores about one worker that a station needs at sign-in: their skills and their
/// display preferences (nil when the coach never set any).
public struct StoredProfile: Hashable, Sendable {
    public var skills: [WorkerSkill]
    public var preferences: WorkerPreferences?

    public init(skills: [WorkerSkill] = [], preferences: WorkerPreferences? = nil) {
        self.skills = skills
        self.preferences = preferences
    }

    /// Nothing stored: a new worker, or one whose data was erased.
    public var isEmpty: Bool { skills.isEmpty && preferences == nil }
}

extension QualityLog {
    /// Every worker's stored skills and preferences, in one read transaction: what a station keeps
    /// in memory so that a badge login needs no read at all (a workshop's few dozen workers). A row that cannot be decoded is
    /// left out (as a login left it out before), so one damaged row never hides all the others.
    public func storedProfiles() throws -> [WorkerPseudonym: StoredProfile] {
        let (skillRows, preferenceRows) = try pool.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT json FROM worker_skill"),
                try Row.fetchAll(db, sql: "SELECT worker, json FROM worker_preferences")
            )
        }
        var profiles: [WorkerPseudonym: StoredProfile] = [:]
        for row in skillRows {
            guard let skill = Self.decode(WorkerSkill.self, row["json"]) else { continue }
            profiles[skill.worker, default: StoredProfile()].skills.append(skill)
        }
        for row in preferenceRows {
            guard let preferences = Self.decode(WorkerPreferences.self, row["json"]) else { continue }
            profiles[WorkerPseudonym(row["worker"] as String), default: StoredProfile()].preferences = preferences
        }
        return profiles
    }

    /// One worker's stored skills (every set) and preferences, in one read transaction.
    public func storedProfile(of worker: WorkerPseudonym) throws -> StoredProfile {
        let (skills, preferences) = try pool.read { db in
            (
                try String.fetchAll(
                    db, sql: "SELECT json FROM worker_skill WHERE worker = ? ORDER BY instruction_set",
                    arguments: [worker.rawValue]),
                try String.fetchOne(
                    db, sql: "SELECT json FROM worker_preferences WHERE worker = ?", arguments: [worker.rawValue])
            )
        }
        return StoredProfile(
            skills: skills.compactMap { Self.decode(WorkerSkill.self, $0) },
            preferences: Self.decode(WorkerPreferences.self, preferences))
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ json: String?) -> T? {
        json.flatMap { try? JSONDecoder().decode(type, from: Data($0.utf8)) }
    }
}
