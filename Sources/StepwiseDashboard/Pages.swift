import StepwiseCore
import StepwiseLog

/// The dashboard's pages as values, independent of HTTP: each checks access, reads, and says
/// what to audit.
struct Pages: Sendable {
    let store: DashboardStore
    var minimumGroup = MinimumGroup.standard

    func access(_ session: Session) throws -> Access {
        let workers = session.account.role == .coach ? try store.workers(ofCoach: session.account.name) : []
        return Access(session: session, assigned: Set(workers))
    }

    func cells(_ access: Access) throws -> Page {
        let statuses = CellStatus.build(try store.workshop.recordsDecidingCells())
        let shown = statuses.compactMap(\.worker).filter(access.mayReadWorker)
        let note =
            "<p class=\"note\">What each cell is doing, from its newest records. "
            + (access.role == .coach
                ? "Step, guidance and cycle show only at cells where one of your own workers is signed in."
                : "Whether a cell is in use, its set and its faults; who works there and how is for their coach.")
            + "</p>"
        let stations = try store.workshop.stations()
        return Page(
            title: "Cells now",
            blocks: [.html(note), .table(CellStatus.table(statuses, for: access))]
                + (stations.isEmpty ? [] : [.table(StationTable.table(stations))]),
            audit: shown.isEmpty ? nil : AuditNote(action: "read-cells", workers: shown))
    }

    func workers(_ access: Access) throws -> Page {
        try access.require(access.role == .coach, "the worker list is for coaches")
        let workers = access.assigned.sorted()
        let table = DataTable(
            id: "workers", title: "Workers assigned to you", columns: ["worker (pseudonym)"],
            rows: workers.map { [$0.rawValue] }, links: workers.map(Links.worker))
        let note =
            "<p class=\"note\">Sorted by pseudonym, never by performance. Assignments are made with "
            + "<code>stepwise user assign</code>.</p>"
        return Page(title: "My workers", blocks: [.html(note), .table(table)], audit: nil)
    }

    func sets(_ access: Access) throws -> Page {
        let summaries = Dictionary(
            uniqueKeysWithValues: try store.workshop.setSummaries().map { ($0.instructionSet, $0) })
        let aggregates = try store.stepDayAggregates()
        let ids = Set(summaries.keys).union(aggregates.map(\.instructionSet)).sorted()
        let table = DataTable(
            id: "sets", title: "Instruction sets in the log",
            columns: ["instruction set", "versions", "cycles done"],
            rows: ids.map { id in
                let kept = aggregates.filter { $0.instructionSet == id }
                let versions = Set(summaries[id]?.versions ?? []).union(kept.map(\.version)).sorted()
                let workers = max(summaries[id]?.workers ?? 0, kept.compactMap(\.workers).max() ?? 0)
                return [
                    id.rawValue, versions.joined(separator: ", "),
                    minimumGroup.shows(workers) ? "\(summaries[id]?.cyclesDone ?? 0)" : minimumGroup.hidden,
                ]
            },
            links: ids.map(Links.set))
        return Page(title: "Instruction sets", blocks: [.table(table)], audit: nil)
    }

    func set(_ id: InstructionSetID, _ access: Access) throws -> Page {
        let hotSpots = HotSpots(
            instructionSet: id, totals: try store.workshop.stepTotals(of: id),
            aggregates: try store.stepDayAggregates(instructionSet: id))
        guard !hotSpots.rows.isEmpty else { throw PageError.notFound("no instruction set \(id.rawValue) in the log") }
        var blocks: [Page.Block] = [
            .html(
                "<p class=\"note\">Which steps cause trouble, over all workers: what to improve in the "
                    + "instructions. Includes the day totals kept after retention.</p>"),
            .html(troubleBars(hotSpots)), .table(hotSpots.table(minimumGroup)),
        ]
        if !hotSpots.versionPairs.isEmpty { blocks.append(.table(hotSpots.versionTable(minimumGroup))) }
        var audit: AuditNote?
        if access.role != .manager {
            let units = try store.workshop.recentUnits(
                of: id, workers: access.role == .coach ? access.assigned.sorted() : nil, limit: 50)
            blocks.append(
                .table(
                    DataTable(
                        id: "units", title: "Recent units (newest first)",
                        columns: ["finished (UTC)", "cell", "cycle time"],
                        rows: units.map { [Format.time($0.at), $0.cell.rawValue, Format.seconds($0.durationSeconds)] },
                        links: units.map { Links.unit(cell: $0.cell, at: $0.at) })))
            // Each unit's cycle time is one worker's: a read of every worker shown.
            let workers = units.compactMap(\.worker)
            if !units.isEmpty {
                audit = AuditNote(action: "read-units", workers: workers, details: id.rawValue, table: "units")
            }
        }
        return Page(title: "Hot spots: \(id.rawValue)", blocks: blocks, audit: audit)
    }

    func unit(cell: CellID, done: Instant, _ access: Access) throws -> Page {
        guard
            let unit = UnitRecord(
                cell: cell, done: done, records: try store.workshop.recordsOfUnit(cell: cell, done: done))
        else {
            throw PageError.notFound("no unit finished at that time on \(cell.rawValue)")
        }
        try access.require(access.mayReadUnit(of: unit.worker), "this unit's record")
        let showWorker = unit.worker.map(access.mayReadWorker) ?? false
        let facts = [
            ("Cell", cell.rawValue), ("Finished (UTC)", Format.time(done)),
            (
                "Instruction set",
                [unit.instructionSet?.rawValue, unit.version].compactMap { $0 }.joined(separator: " v")
            ),
            ("Variant", unit.variant?.rawValue ?? "–"), ("Cycle time", Format.seconds(unit.seconds)),
            ("Worker", showWorker ? unit.worker?.rawValue ?? "–" : "not shown to your role"),
        ].map { "<tr><th>\($0.0)</th><td>\(HTML.escape($0.1))</td></tr>" }.joined()
        return Page(
            title: "Quality record of a unit",
            blocks: [.html("<table>\(facts)</table>"), .table(unit.table(showWorker: showWorker))],
            audit: AuditNote(
                action: "read-unit", workers: unit.worker.map { [$0] } ?? [],
                details: "\(cell.rawValue)@\(done.nanoseconds)"))
    }

    func days(_ access: Access) throws -> Page {
        let totals = DailyTotals(days: try store.workshop.dayCounts(), aggregates: try store.stepDayAggregates())
        let note =
            "<p class=\"note\">Totals over all cells and workers. No worker is named or ranked; "
            + "a day with \(minimumGroup.hidden) shows no counts.</p>"
        return Page(title: "Per day", blocks: [.html(note), .table(totals.table(minimumGroup))], audit: nil)
    }

    func audit(_ access: Access) throws -> Page {
        try access.require(access.role == .manager, "the audit summary is for managers")
        let rows = try store.auditSummary()
        let table = DataTable(
            id: "audit", title: "Reads of individual data and control changes, per day and account",
            columns: ["day", "account", "role", "action", "count"],
            rows: rows.map { [$0.day, $0.account, $0.role, $0.action, "\($0.count)"] })
        let note =
            "<p class=\"note\">Counts only: which worker was read is visible to that worker's coach "
            + "on the worker page, and in the <code>audit_log</code> table for the works council.</p>"
        return Page(title: "Audit", blocks: [.html(note), .table(table)], audit: nil)
    }

    /// A bar per step: wrong actions, hesitations, help and hand confirmations per 10 runs; none
    /// for steps behind too few workers.
    func troubleBars(_ hotSpots: HotSpots) -> String {
        let shown = hotSpots.rows.filter { minimumGroup.shows($0.workers) }
        guard !shown.isEmpty else {
            return "<h2>Trouble per 10 runs</h2><p class=\"note\">Every step has \(minimumGroup.hidden) so far.</p>"
        }
        let rates = shown.map { $0.runs > 0 ? Double($0.trouble) * 10 / Double($0.runs) : 0 }
        let top = max(rates.max() ?? 1, 1)
        let rows = zip(shown, rates).map { row, rate in
            "<tr><td>\(HTML.escape(row.step.rawValue)) <small>v\(HTML.escape(row.version))</small></td>"
                + "<td><span class=\"bar\" style=\"width:\(Int(rate / top * 400))px\"></span> "
                + "\(HotSpots.rate(row.trouble, per: row.runs))</td></tr>"
        }.joined()
        return "<h2>Trouble per 10 runs</h2><table>\(rows)</table>"
    }
}
