import GRDB
import StepwiseTestSupport

/// A log file as the dashboard's first version left it: the log's first two migrations applied,
/// and the dashboard's own tables made beside them outside the migrator (no audit details, no
/// audit subjects, no worker count on the day totals, the old failed-login table). `extra` is
/// SQL run after, to fill it.
enum LegacyDashboardFile {
    static func write(path: String, extra: String = "") throws {
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: """
                    \(OldLogTables.version2), ('dashboard_schema_version', '1');
                    CREATE TABLE dashboard_account (
                        name TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('coach', 'engineer', 'manager')),
                        password TEXT NOT NULL, created_ns INTEGER NOT NULL);
                    CREATE TABLE dashboard_session (
                        token_sha256 TEXT PRIMARY KEY,
                        account TEXT NOT NULL REFERENCES dashboard_account(name) ON DELETE CASCADE,
                        csrf TEXT NOT NULL, expires_ns INTEGER NOT NULL);
                    CREATE TABLE dashboard_coach_worker (
                        coach TEXT NOT NULL REFERENCES dashboard_account(name) ON DELETE CASCADE,
                        worker TEXT NOT NULL, PRIMARY KEY (coach, worker));
                    CREATE TABLE audit_log (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, at_ns INTEGER NOT NULL, account TEXT NOT NULL,
                        role TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL);
                    CREATE TABLE step_day_aggregate (
                        day TEXT NOT NULL, instruction_set TEXT NOT NULL, version TEXT NOT NULL, step TEXT NOT NULL,
                        runs INTEGER NOT NULL, total_seconds REAL NOT NULL, wrong_actions INTEGER NOT NULL,
                        hesitations INTEGER NOT NULL, help INTEGER NOT NULL, by_hand INTEGER NOT NULL,
                        PRIMARY KEY (day, instruction_set, version, step));
                    CREATE TABLE dashboard_login_failure (
                        name TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_ns INTEGER NOT NULL);
                    INSERT INTO dashboard_account VALUES ('cora', 'coach', 'scrypt$1$8$1$AA==$AA=', 1);
                    INSERT INTO step_day_aggregate VALUES ('2026-01-01', 'car-seat', '1', 'pick', 3, 30, 0, 0, 0, 0);
                    """ + extra)
        }
    }
}
