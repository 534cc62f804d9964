import GRDB

extension LogSchema {
    /// What the station needs to share a worker's state with the central store: when each step's
    /// skill last changed here, when a coach last set the limits, and which states wait for the
    /// uplink. Existing skills and preferences wait from the start, so the first uplink after the
    /// upgrade ships what the station already knows; limits other than the defaults count as set
    /// when the skill was last saved (the only time there is), defaults as never set.
    /// `worker_state_wanted` is how the daemon, which has no network, asks the uplink for a
    /// worker's central state at sign-in (`QualityLog.askCentral(for:)`).
    @Sendable static func addWorkerStateSync(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE worker_step_stamp (
                    worker TEXT NOT NULL,
                    instruction_set TEXT NOT NULL,
                    step TEXT NOT NULL,
                    observed_ns INTEGER NOT NULL,
                    PRIMARY KEY (worker, instruction_set, step));
                INSERT INTO worker_step_stamp (worker, instruction_set, step, observed_ns)
                    SELECT worker, instruction_set, steps.key, updated_ns
                    FROM worker_skill, json_each(worker_skill.json, '$.steps') AS steps
                    WHERE json_valid(worker_skill.json);
                ALTER TABLE worker_skill ADD COLUMN controls_ns INTEGER;
                UPDATE worker_skill SET controls_ns = updated_ns
                    WHERE json_valid(json) AND json_extract(json, '$.controls') IS NOT NULL
                    AND (json_extract(json, '$.controls.floor') != 0 OR json_extract(json, '$.controls.ceiling') != 3
                        OR json_extract(json, '$.controls.locked') IS NOT NULL);
                CREATE TABLE worker_state_pending (
                    worker TEXT NOT NULL,
                    instruction_set TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    changed_ns INTEGER NOT NULL,
                    PRIMARY KEY (worker, instruction_set));
                INSERT INTO worker_state_pending (worker, instruction_set, seq, changed_ns)
                    SELECT worker, instruction_set, rowid, updated_ns FROM worker_skill;
                INSERT INTO worker_state_pending (worker, instruction_set, seq, changed_ns)
                    SELECT worker, '', rowid + (SELECT COALESCE(MAX(seq), 0) FROM worker_state_pending), updated_ns
                    FROM worker_preferences;
                CREATE TABLE worker_state_wanted (
                    worker TEXT PRIMARY KEY,
                    asked_ns INTEGER NOT NULL,
                    answered_ns INTEGER);
                """)
    }
}
