import Foundation
import GRDB
import StepwiseCore

extension QualityLog {
    /// Writes `skill` and stamps what changed: each step whose skill differs from the stored one
    /// is stamped `now` (when it was observed here), limits that differ are stamped as a coach's
    /// change, and the (worker, set) waits for the uplink. `keepingControls`: the stored limits
    /// win over the skill's (the daemon's saves; only a coach changes limits).
    static func store(_ skill: WorkerSkill, keepingControls: Bool, at now: Int64, in db: Database) throws {
        let (worker, set) = (skill.worker.rawValue, skill.instructionSet.rawValue)
        let row = try Row.fetchOne(
            db, sql: "SELECT json, controls_ns FROM worker_skill WHERE worker = ? AND instruction_set = ?",
            arguments: [worker, set])
        let old = (row?["json"] as String?).flatMap { try? JSONDecoder().decode(WorkerSkill.self, from: Data($0.utf8)) }
        var new = skill
        if keepingControls, let old { new.controls = old.controls }
        var controlsNs: Int64? = row?["controls_ns"]
        if new.controls != (old?.controls ?? CoachControls()) { controlsNs = now }
        try db.execute(
            sql: """
                INSERT INTO worker_skill (worker, instruction_set, json, updated_ns, controls_ns) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (worker, instruction_set) DO UPDATE SET json = excluded.json,
                    updated_ns = excluded.updated_ns, controls_ns = excluded.controls_ns
                """,
            arguments: [worker, set, try encode(new), now, controlsNs])
        for (step, value) in new.steps where old?.steps[step] != value {
            try stamp(worker: worker, set: set, step: step, at: now, in: db)
        }
        if new != old { try markWaiting(worker: worker, set: set, at: now, in: db) }
    }

    static func stamp(worker: String, set: String, step: String, at observed: Int64, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO worker_step_stamp (worker, instruction_set, step, observed_ns) VALUES (?, ?, ?, ?)
                ON CONFLICT (worker, instruction_set, step) DO UPDATE SET observed_ns = excluded.observed_ns
                """,
            arguments: [worker, set, step, observed])
    }

    /// The (worker, set) waits for the uplink; `set` is "" for the worker's preferences. The
    /// sequence number grows past every waiting one, so an acknowledgement of an earlier shipment
    /// never clears a change made after it was read.
    static func markWaiting(worker: String, set: String, at now: Int64, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO worker_state_pending (worker, instruction_set, seq, changed_ns)
                VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM worker_state_pending), ?)
                ON CONFLICT (worker, instruction_set) DO UPDATE SET seq = excluded.seq, changed_ns = excluded.changed_ns
                """,
            arguments: [worker, set, now])
    }

    /// Erasure: the stamps and what waits for the uplink go with the skills.
    static func forgetWorkerState(of worker: WorkerPseudonym, in db: Database) throws {
        for table in ["worker_step_stamp", "worker_state_pending", "worker_state_wanted"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE worker = ?", arguments: [worker.rawValue])
        }
    }
}
