import GRDB

/// Totals the dashboard's pages show, kept up to date by triggers as records are written and
/// deleted (retention, erasure), so a page reads a few hundred rows however long the log is. A
/// distinct-worker count is kept as one row per worker with the number of their records, removed
/// when that reaches zero; a total row goes when its last record does. A step's work order is its
/// earliest record (time, then row), looked up again only when that record is deleted.
extension QualityLog {
    @Sendable static func createPageTotals(_ db: Database) throws {
        try db.execute(sql: PageTotalsSQL.tables)
        try db.execute(sql: PageTotalsSQL.backfill)
        try db.execute(sql: PageTotalsSQL.triggers)
        // The set page's newest units: the last cycle-done records of one set, found from the end.
        try db.execute(
            sql: "CREATE INDEX quality_record_set_kind_at ON quality_record(instruction_set, kind, at_ns)")
    }
}

enum PageTotalsSQL {
    static let day = "date(r.at_ns / 1000000000, 'unixepoch')"

    static let tables = """
        CREATE TABLE page_day_total (day TEXT PRIMARY KEY, records INTEGER NOT NULL, cycles INTEGER NOT NULL,
            steps INTEGER NOT NULL, wrong INTEGER NOT NULL, help INTEGER NOT NULL, by_hand INTEGER NOT NULL);
        CREATE TABLE page_day_worker (day TEXT NOT NULL, worker TEXT NOT NULL, n INTEGER NOT NULL,
            PRIMARY KEY (day, worker)) WITHOUT ROWID;
        CREATE TABLE page_set_total (instruction_set TEXT PRIMARY KEY, records INTEGER NOT NULL,
            cycles INTEGER NOT NULL);
        CREATE TABLE page_set_version (instruction_set TEXT NOT NULL, version TEXT NOT NULL, n INTEGER NOT NULL,
            PRIMARY KEY (instruction_set, version)) WITHOUT ROWID;
        CREATE TABLE page_set_worker (instruction_set TEXT NOT NULL, worker TEXT NOT NULL, n INTEGER NOT NULL,
            PRIMARY KEY (instruction_set, worker)) WITHOUT ROWID;
        CREATE TABLE page_step_total (instruction_set TEXT NOT NULL, version TEXT NOT NULL, step TEXT NOT NULL,
            first_at INTEGER NOT NULL, first_id INTEGER NOT NULL, records INTEGER NOT NULL, runs INTEGER NOT NULL,
            seconds REAL NOT NULL, wrong INTEGER NOT NULL, hesitations INTEGER NOT NULL, help INTEGER NOT NULL,
            by_hand INTEGER NOT NULL, PRIMARY KEY (instruction_set, version, step));
        CREATE TABLE page_step_worker (instruction_set TEXT NOT NULL, version TEXT NOT NULL, step TEXT NOT NULL,
            worker TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (instruction_set, version, step, worker))
            WITHOUT ROWID;
        """

    /// The totals of the records already in the log, once, when the migration runs.
    static let backfill = """
        INSERT INTO page_day_total SELECT \(day), count(*), sum(kind = 'cycle-done'), sum(kind = 'step-done'),
            sum(kind = 'wrong-action'), sum(kind = 'help'), sum(kind = 'confirmed-by-hand')
            FROM quality_record r GROUP BY 1;
        INSERT INTO page_day_worker SELECT \(day), worker, count(*) FROM quality_record r
            WHERE worker IS NOT NULL GROUP BY 1, 2;
        INSERT INTO page_set_total SELECT instruction_set, count(*), sum(kind = 'cycle-done') FROM quality_record
            WHERE instruction_set IS NOT NULL GROUP BY 1;
        INSERT INTO page_set_version SELECT instruction_set, version, count(*) FROM quality_record
            WHERE instruction_set IS NOT NULL AND version IS NOT NULL GROUP BY 1, 2;
        INSERT INTO page_set_worker SELECT instruction_set, worker, count(*) FROM quality_record
            WHERE instruction_set IS NOT NULL AND worker IS NOT NULL GROUP BY 1, 2;
        INSERT INTO page_step_total SELECT instruction_set, coalesce(version, '-'), step, min(at_ns), min(id),
            count(*), sum(kind = 'step-done'), total(CASE WHEN kind = 'step-done' THEN coalesce(duration_s, 0) END),
            sum(kind = 'wrong-action'), sum(kind = 'hesitation'), sum(kind = 'help'), sum(kind = 'confirmed-by-hand')
            FROM quality_record WHERE instruction_set IS NOT NULL AND step IS NOT NULL GROUP BY 1, 2, 3;
        INSERT INTO page_step_worker SELECT instruction_set, coalesce(version, '-'), step, worker, count(*)
            FROM quality_record WHERE instruction_set IS NOT NULL AND step IS NOT NULL AND worker IS NOT NULL
            GROUP BY 1, 2, 3, 4;
        """

    static let triggers = """
        CREATE TRIGGER page_totals_add AFTER INSERT ON quality_record BEGIN
            \(add("NEW"))
        END;
        CREATE TRIGGER page_totals_remove AFTER DELETE ON quality_record BEGIN
            \(remove("OLD"))
        END;
        """

    /// The statements that count record `r` in.
    static func add(_ r: String) -> String {
        let day = "date(\(r).at_ns / 1000000000, 'unixepoch')"
        let (set, version, step) = ("\(r).instruction_set", "coalesce(\(r).version, '-')", "\(r).step")
        return """
            INSERT INTO page_day_total VALUES (\(day), 1, \(r).kind = 'cycle-done', \(r).kind = 'step-done',
                \(r).kind = 'wrong-action', \(r).kind = 'help', \(r).kind = 'confirmed-by-hand')
                ON CONFLICT (day) DO UPDATE SET records = records + 1, cycles = cycles + excluded.cycles,
                steps = steps + excluded.steps, wrong = wrong + excluded.wrong, help = help + excluded.help,
                by_hand = by_hand + excluded.by_hand;
            INSERT INTO page_day_worker SELECT \(day), \(r).worker, 1 WHERE \(r).worker IS NOT NULL
                ON CONFLICT DO UPDATE SET n = n + 1;
            INSERT INTO page_set_total SELECT \(set), 1, \(r).kind = 'cycle-done' WHERE \(set) IS NOT NULL
                ON CONFLICT DO UPDATE SET records = records + 1, cycles = cycles + excluded.cycles;
            INSERT INTO page_set_version SELECT \(set), \(r).version, 1
                WHERE \(set) IS NOT NULL AND \(r).version IS NOT NULL ON CONFLICT DO UPDATE SET n = n + 1;
            INSERT INTO page_set_worker SELECT \(set), \(r).worker, 1
                WHERE \(set) IS NOT NULL AND \(r).worker IS NOT NULL ON CONFLICT DO UPDATE SET n = n + 1;
            INSERT INTO page_step_total SELECT \(set), \(version), \(step), \(r).at_ns, \(r).id, 1,
                \(r).kind = 'step-done', CASE WHEN \(r).kind = 'step-done' THEN coalesce(\(r).duration_s, 0) ELSE 0 END,
                \(r).kind = 'wrong-action', \(r).kind = 'hesitation', \(r).kind = 'help', \(r).kind = 'confirmed-by-hand'
                WHERE \(set) IS NOT NULL AND \(step) IS NOT NULL
                ON CONFLICT DO UPDATE SET records = records + 1, runs = runs + excluded.runs,
                first_id = CASE WHEN excluded.first_at < first_at THEN excluded.first_id ELSE first_id END,
                first_at = min(first_at, excluded.first_at),
                seconds = seconds + excluded.seconds, wrong = wrong + excluded.wrong,
                hesitations = hesitations + excluded.hesitations, help = help + excluded.help,
                by_hand = by_hand + excluded.by_hand;
            INSERT INTO page_step_worker SELECT \(set), \(version), \(step), \(r).worker, 1
                WHERE \(set) IS NOT NULL AND \(step) IS NOT NULL AND \(r).worker IS NOT NULL
                ON CONFLICT DO UPDATE SET n = n + 1;
            """
    }

    /// The statements that count record `r` out, dropping rows nothing counts any more.
    static func remove(_ r: String) -> String {
        let day = "date(\(r).at_ns / 1000000000, 'unixepoch')"
        let (set, version, step) = ("\(r).instruction_set", "coalesce(\(r).version, '-')", "\(r).step")
        let setStep = "instruction_set = \(set) AND version = \(version) AND step = \(step)"
        return """
            UPDATE page_day_total SET records = records - 1, cycles = cycles - (\(r).kind = 'cycle-done'),
                steps = steps - (\(r).kind = 'step-done'), wrong = wrong - (\(r).kind = 'wrong-action'),
                help = help - (\(r).kind = 'help'), by_hand = by_hand - (\(r).kind = 'confirmed-by-hand')
                WHERE day = \(day);
            DELETE FROM page_day_total WHERE day = \(day) AND records <= 0;
            UPDATE page_day_worker SET n = n - 1 WHERE day = \(day) AND worker = \(r).worker;
            DELETE FROM page_day_worker WHERE day = \(day) AND worker = \(r).worker AND n <= 0;
            UPDATE page_set_total SET records = records - 1, cycles = cycles - (\(r).kind = 'cycle-done')
                WHERE instruction_set = \(set);
            DELETE FROM page_set_total WHERE instruction_set = \(set) AND records <= 0;
            UPDATE page_set_version SET n = n - 1 WHERE instruction_set = \(set) AND version = \(r).version;
            DELETE FROM page_set_version WHERE instruction_set = \(set) AND version = \(r).version AND n <= 0;
            UPDATE page_set_worker SET n = n - 1 WHERE instruction_set = \(set) AND worker = \(r).worker;
            DELETE FROM page_set_worker WHERE instruction_set = \(set) AND worker = \(r).worker AND n <= 0;
            UPDATE page_step_total SET records = records - 1, runs = runs - (\(r).kind = 'step-done'),
                seconds = seconds - (CASE WHEN \(r).kind = 'step-done' THEN coalesce(\(r).duration_s, 0) ELSE 0 END),
                wrong = wrong - (\(r).kind = 'wrong-action'), hesitations = hesitations - (\(r).kind = 'hesitation'),
                help = help - (\(r).kind = 'help'), by_hand = by_hand - (\(r).kind = 'confirmed-by-hand')
                WHERE \(setStep);
            DELETE FROM page_step_total WHERE \(setStep) AND records <= 0;
            UPDATE page_step_total SET (first_at, first_id) = (SELECT at_ns, id FROM quality_record q
                    WHERE q.instruction_set = \(set) AND coalesce(q.version, '-') = \(version) AND q.step = \(step)
                    ORDER BY at_ns, id LIMIT 1)
                WHERE \(setStep) AND first_id = \(r).id;
            UPDATE page_step_worker SET n = n - 1 WHERE \(setStep) AND worker = \(r).worker;
            DELETE FROM page_step_worker WHERE \(setStep) AND worker = \(r).worker AND n <= 0;
            """
    }
}
