/// The fourth central migration: each worker's state, so it follows the worker between stations.
/// One row per (worker, set, step) for the learned skill, per (worker, set) for the coach's limits
/// and the cycles, per worker for the display preferences; each carries the stamp the
/// reconciliation rule (`WorkerState.reconciled(with:)`) compares, and the upserts apply that rule.
extension CentralSchema {
    static let workerStateTables = [
        """
        CREATE TABLE worker_step_skill (
            worker text NOT NULL,
            instruction_set text NOT NULL,
            step text NOT NULL,
            level text NOT NULL,
            runs bigint NOT NULL,
            observed_ns bigint NOT NULL,
            skill text NOT NULL,
            station_id text NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (worker, instruction_set, step))
        """,
        """
        CREATE TABLE worker_set_state (
            worker text NOT NULL,
            instruction_set text NOT NULL,
            cycles bigint NOT NULL DEFAULT 0,
            last_practice_ns bigint,
            floor text,
            ceiling text,
            locked text,
            limits_ns bigint,
            limits_by text,
            PRIMARY KEY (worker, instruction_set))
        """,
        """
        CREATE TABLE worker_preference (
            worker text PRIMARY KEY,
            text_scale double precision NOT NULL,
            high_contrast boolean NOT NULL,
            language text,
            changed_ns bigint NOT NULL,
            changed_by text NOT NULL)
        """,
    ]
}
