import Foundation
import GRDB
import StepwiseCore

/// The rows behind `WorkerState` in the station's log: the skill's JSON, its stamps and the
/// preferences, read and written inside the caller's transaction.
extension QualityLog {
    /// `worker`'s state in `sets` (every set when nil). A step never stamped reads as observed at
    /// the epoch; preferences reset to the standard (no row) read as the standard, stamped when
    /// the reset waits for the uplink.
    static func workerState(of worker: WorkerPseudonym, sets: Set<InstructionSetID>?, in db: Database) throws
        -> WorkerState
    {
        let name = worker.rawValue
        var state = WorkerState(worker: worker)
        let skillRows = try Row.fetchAll(
            db, sql: "SELECT instruction_set, json, controls_ns FROM worker_skill WHERE worker = ?", arguments: [name])
        var stamps: [String: [String: Int64]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT instruction_set, step, observed_ns FROM worker_step_stamp WHERE worker = ?",
            arguments: [name])
        {
            stamps[row["instruction_set"], default: [:]][row["step"]] = row["observed_ns"]
        }
        for row in skillRows {
            let set = InstructionSetID(row["instruction_set"] as String)
            guard sets?.contains(set) ?? true,
                let skill = try? JSONDecoder().decode(WorkerSkill.self, from: Data((row["json"] as String).utf8))
            else { continue }
            let observed = stamps[set.rawValue] ?? [:]
            state.sets[set] = WorkerSetState(
                steps: skill.steps.reduce(into: [:]) { steps, step in
                    steps[step.key] = Stamped(step.value, at: instant(observed[step.key] ?? 0))
                },
                cycles: skill.cycles, lastPractice: skill.lastPractice,
                limits: (row["controls_ns"] as Int64?).map { Stamped(skill.controls, at: instant($0)) })
        }
        state.preferences = try storedPreferences(of: name, in: db)
        return state
    }

    private static func storedPreferences(of worker: String, in db: Database) throws -> Stamped<WorkerPreferences>? {
        if let row = try Row.fetchOne(
            db, sql: "SELECT json, updated_ns FROM worker_preferences WHERE worker = ?", arguments: [worker]),
            let preferences = try? JSONDecoder().decode(
                WorkerPreferences.self, from: Data((row["json"] as String).utf8))
        {
            return Stamped(preferences, at: instant(row["updated_ns"]))
        }
        let reset = try Int64.fetchOne(
            db, sql: "SELECT changed_ns FROM worker_state_pending WHERE worker = ? AND instruction_set = ''",
            arguments: [worker])
        return reset.map { Stamped(.standard, at: instant($0)) }
    }

    /// Writes one set's state as it is, stamps included (a copy taken from the central store).
    static func write(
        _ state: WorkerSetState, worker: WorkerPseudonym, set: InstructionSetID, at now: Int64, in db: Database
    )
        throws
    {
        try db.execute(
            sql: """
                INSERT INTO worker_skill (worker, instruction_set, json, updated_ns, controls_ns) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (worker, instruction_set) DO UPDATE SET json = excluded.json,
                    updated_ns = excluded.updated_ns, controls_ns = excluded.controls_ns
                """,
            arguments: [
                worker.rawValue, set.rawValue, try encode(state.skill(of: worker, in: set)), now,
                state.limits.map { Int64(clamping: $0.at.nanoseconds) },
            ])
        for (step, stamped) in state.steps {
            try stamp(
                worker: worker.rawValue, set: set.rawValue, step: step, at: Int64(clamping: stamped.at.nanoseconds),
                in: db)
        }
    }

    /// Writes preferences with their stamp; the standard ones remove the row, as a coach's reset does.
    static func write(_ preferences: Stamped<WorkerPreferences>, worker: String, in db: Database) throws {
        guard preferences.value != .standard else {
            try db.execute(sql: "DELETE FROM worker_preferences WHERE worker = ?", arguments: [worker])
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try db.execute(
            sql: """
                INSERT INTO worker_preferences (worker, json, updated_ns) VALUES (?, ?, ?)
                ON CONFLICT (worker) DO UPDATE SET json = excluded.json, updated_ns = excluded.updated_ns
                """,
            arguments: [
                worker, String(decoding: try encoder.encode(preferences.value), as: UTF8.self),
                Int64(clamping: preferences.at.nanoseconds),
            ])
    }

    static func instant(_ nanoseconds: Int64) -> Instant { Instant(nanoseconds: UInt64(max(0, nanoseconds))) }
}
