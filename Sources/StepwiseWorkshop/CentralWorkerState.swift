import Foundation
import Logging
import PostgresNIO
import StepwiseCore

/// Workers' states on the central server: a station's copy stored by the reconciliation rule
/// (the upserts' WHERE clauses are `WorkerState.reconciled(with:)` in SQL, the copy already
/// there kept on a tie), and one worker's copy read back.
enum CentralWorkerState {
    /// Stores `state` as station `station` shipped it, in the caller's transaction.
    static func store(_ state: WorkerState, station: String, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        let worker = state.worker.rawValue
        for (set, setState) in state.sets {
            try await storeSteps(
                setState.steps, worker: worker, set: set.rawValue, station: station, on: connection, logger: logger)
            try await storeSet(
                setState, worker: worker, set: set.rawValue, by: "station \(station)", on: connection, logger: logger)
        }
        if let preferences = state.preferences {
            try await storePreferences(
                preferences, worker: worker, by: "station \(station)", on: connection, logger: logger)
        }
    }

    /// A set's steps in one statement (one round trip however many steps the set has).
    static func storeSteps(
        _ steps: [String: Stamped<StepSkill>], worker: String, set: String, station: String,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !steps.isEmpty else { return }
        let ordered = steps.sorted { $0.key < $1.key }
        let (names, levels) = (ordered.map(\.key), ordered.map(\.value.value.level.name))
        let runs = ordered.map { Int64($0.value.value.runs) }
        let observed = ordered.map { nanoseconds($0.value.at) }
        let skills = try ordered.map { try json($0.value.value) }
        try await connection.query(
            """
            INSERT INTO worker_step_skill (worker, instruction_set, step, level, runs, observed_ns, skill, station_id)
            SELECT \(worker), \(set), s.step, s.level, s.runs, s.observed_ns, s.skill, \(station)
            FROM unnest(\(names)::text[], \(levels)::text[], \(runs)::bigint[], \(observed)::bigint[], \(skills)::text[])
                AS s(step, level, runs, observed_ns, skill)
            ON CONFLICT (worker, instruction_set, step) DO UPDATE SET level = excluded.level,
                runs = excluded.runs, observed_ns = excluded.observed_ns, skill = excluded.skill,
                station_id = excluded.station_id, received_at = now()
            WHERE (excluded.runs, excluded.observed_ns) > (worker_step_skill.runs, worker_step_skill.observed_ns)
            """, logger: logger)
    }

    /// Cycles and last practice take the larger; the limits the later coach change.
    static func storeSet(
        _ state: WorkerSetState, worker: String, set: String, by source: String, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let limits = state.limits
        try await connection.query(
            """
            INSERT INTO worker_set_state (worker, instruction_set, cycles, last_practice_ns, floor, ceiling, locked, limits_ns, limits_by)
            VALUES (\(worker), \(set), \(Int64(state.cycles)), \(state.lastPractice.map(nanoseconds)),
                \(limits?.value.floor.name), \(limits?.value.ceiling.name), \(limits?.value.locked?.name),
                \(limits.map { nanoseconds($0.at) }), \(limits.map { _ in source }))
            ON CONFLICT (worker, instruction_set) DO UPDATE SET
                cycles = GREATEST(worker_set_state.cycles, excluded.cycles),
                last_practice_ns = GREATEST(worker_set_state.last_practice_ns, excluded.last_practice_ns),
                floor = CASE WHEN \(unescaped: laterLimits) THEN excluded.floor ELSE worker_set_state.floor END,
                ceiling = CASE WHEN \(unescaped: laterLimits) THEN excluded.ceiling ELSE worker_set_state.ceiling END,
                locked = CASE WHEN \(unescaped: laterLimits) THEN excluded.locked ELSE worker_set_state.locked END,
                limits_by = CASE WHEN \(unescaped: laterLimits) THEN excluded.limits_by ELSE worker_set_state.limits_by END,
                limits_ns = CASE WHEN \(unescaped: laterLimits) THEN excluded.limits_ns ELSE worker_set_state.limits_ns END
            """, logger: logger)
    }

    /// Limits arriving with a stamp beat none and an earlier one (NULL > x is not true: none never wins).
    private static let laterLimits =
        "excluded.limits_ns > COALESCE(worker_set_state.limits_ns, -9223372036854775808)"

    static func storePreferences(
        _ preferences: Stamped<WorkerPreferences>, worker: String, by source: String, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let value = preferences.value
        try await connection.query(
            """
            INSERT INTO worker_preference (worker, text_scale, high_contrast, language, changed_ns, changed_by)
            VALUES (\(worker), \(value.textScale), \(value.highContrast), \(value.language),
                \(nanoseconds(preferences.at)), \(source))
            ON CONFLICT (worker) DO UPDATE SET text_scale = excluded.text_scale,
                high_contrast = excluded.high_contrast, language = excluded.language,
                changed_ns = excluded.changed_ns, changed_by = excluded.changed_by
            WHERE excluded.changed_ns > worker_preference.changed_ns
            """, logger: logger)
    }

    /// Everything the server holds of `worker`: every set, every step, the preferences.
    static func read(_ worker: WorkerPseudonym, on connection: PostgresConnection, logger: Logger) async throws
        -> WorkerState
    {
        var state = WorkerState(worker: worker)
        let name = worker.rawValue
        let sets = try await connection.query(
            """
            SELECT instruction_set, cycles, last_practice_ns, floor, ceiling, locked, limits_ns
            FROM worker_set_state WHERE worker = \(name)
            """, logger: logger)
        for try await (set, cycles, practice, floor, ceiling, locked, limitsNs) in sets.decode(
            (String, Int64, Int64?, String?, String?, String?, Int64?).self)
        {
            let limits = limitsNs.map { at in
                Stamped(
                    CoachControls(
                        floor: floor.flatMap(GuidanceLevel.init(name:)) ?? .silent,
                        ceiling: ceiling.flatMap(GuidanceLevel.init(name:)) ?? .full,
                        locked: locked.flatMap(GuidanceLevel.init(name:))),
                    at: Instant(central: at))
            }
            state.sets[InstructionSetID(set)] = WorkerSetState(
                cycles: Int(cycles), lastPractice: practice.map(Instant.init(central:)), limits: limits)
        }
        let steps = try await connection.query(
            "SELECT instruction_set, step, observed_ns, skill FROM worker_step_skill WHERE worker = \(name)",
            logger: logger)
        for try await (set, step, observed, skill) in steps.decode((String, String, Int64, String).self) {
            guard let value = try? JSONDecoder().decode(StepSkill.self, from: Data(skill.utf8)) else { continue }
            state.sets[InstructionSetID(set), default: WorkerSetState()].steps[step] = Stamped(
                value, at: Instant(central: observed))
        }
        let preferences = try await connection.query(
            "SELECT text_scale, high_contrast, language, changed_ns FROM worker_preference WHERE worker = \(name)",
            logger: logger)
        for try await (scale, contrast, language, changed) in preferences.decode((Double, Bool, String?, Int64).self) {
            state.preferences = Stamped(
                WorkerPreferences(textScale: scale, highContrast: contrast, language: language),
                at: Instant(central: changed))
        }
        return state
    }

    /// Erasure for the whole workshop removes the worker's state too.
    static func erase(_ worker: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM worker_step_skill WHERE worker = \(worker)", logger: logger)
        try await connection.query("DELETE FROM worker_set_state WHERE worker = \(worker)", logger: logger)
        try await connection.query("DELETE FROM worker_preference WHERE worker = \(worker)", logger: logger)
    }

    static func nanoseconds(_ instant: Instant) -> Int64 { Int64(clamping: instant.nanoseconds) }

    static func json(_ skill: StepSkill) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(skill), as: UTF8.self)
    }
}
