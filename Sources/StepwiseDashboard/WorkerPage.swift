import Foundation
import StepwiseCore
import StepwiseLog

/// The coach's page of one worker, and the guidance controls it posts.
extension Pages {
    func worker(_ worker: WorkerPseudonym, _ access: Access) throws -> Page {
        try access.require(access.mayReadWorker(worker), "this worker's data (only their coach sees it)")
        let history = WorkerHistory(worker: worker, records: try store.workshop.records(worker: worker))
        var blocks: [Page.Block] = []
        for set in history.instructionSets {
            let points = history.cycles.filter { $0.instructionSet == set }.map { ($0.number, $0.seconds) }
            let reference = history.recentMedian(of: set)
            blocks.append(
                .html(
                    "<h2>Learning curve: \(HTML.escape(set.rawValue))</h2>"
                        + LearningCurve.svg(points: points, reference: reference, label: "median of last 5")
                        + "<p class=\"note\">Dashed line: the median of the last five cycles. The set's target time is "
                        + "not in the log, so the curve is compared with the worker's own recent pace.</p>"))
        }
        blocks += [.table(history.cycleTable), .table(history.levelTable), .table(history.stepTable)]
        let signedIn = CellStatus.build(history.records).contains { $0.worker == worker }
        if !store.workshop.keepsSkills {
            blocks.append(
                .html(
                    "<p class=\"note\">Guidance limits are set on the dashboard of the station the worker works at.</p>"
                ))
        }
        for set in history.instructionSets where store.workshop.keepsSkills {
            let skill = try store.workshop.loadSkill(worker: worker, instructionSet: set)
            blocks.append(
                .html(
                    Self.controlsForm(
                        worker: worker, set: set, controls: skill?.controls ?? .init(), csrf: access.session.csrf,
                        signedIn: signedIn)))
        }
        let trail = try store.auditEntries(worker: worker, limit: 50)
        blocks.append(
            .table(
                DataTable(
                    id: "audit", title: "Who read or changed this worker's data (newest first)",
                    columns: ["when (UTC)", "account", "role", "action", "details"],
                    rows: trail.map {
                        [
                            Format.time($0.at), $0.account, $0.role.rawValue, $0.action,
                            Self.trailDetails($0, of: worker, access).ifEmpty("–"),
                        ]
                    })))
        return Page(
            title: "Worker \(worker.rawValue)", blocks: blocks,
            audit: AuditNote(action: "read-worker", workers: [worker]))
    }

    /// An entry's details as this coach may see them: other workers the same read named appear
    /// only when this coach follows them too (a worker with two coaches must not show one coach
    /// the other's workers).
    static func trailDetails(_ entry: AuditEntry, of worker: WorkerPseudonym, _ access: Access) -> String {
        let others = entry.workers.filter { $0 != worker && access.mayReadWorker($0) }.map(\.rawValue)
        return ([entry.details] + (others.isEmpty ? [] : ["with " + others.joined(separator: ", ")]))
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }

    /// Stores floor, ceiling and lock for `worker` in the form's set, checked and audited as
    /// `stepwise coach set` is; the daemon applies them at the next login.
    @discardableResult
    func setControls(worker: WorkerPseudonym, form: [String: String], _ access: Access, at now: Instant) throws
        -> CoachControls
    {
        try access.require(access.mayReadWorker(worker), "this worker's guidance (only their coach sets it)")
        guard let setName = form["set"], !setName.isEmpty else {
            throw PageError.badRequest("the form names no instruction set")
        }
        guard let floor = form["floor"].flatMap(GuidanceLevel.init(name:)),
            let ceiling = form["ceiling"].flatMap(GuidanceLevel.init(name:))
        else { throw PageError.badRequest("floor and ceiling must be one of full, hint, location, silent") }
        guard floor <= ceiling else {
            throw PageError.badRequest("the floor (least help) must not give more help than the ceiling")
        }
        let lockName = form["lock"] ?? ""
        let lock = lockName.isEmpty ? nil : GuidanceLevel(name: lockName)
        guard lockName.isEmpty || lock != nil else { throw PageError.badRequest("lock must be a level or empty") }
        let edit = CoachControlsEdit(floor: floor, ceiling: ceiling, lock: lock.map { .at($0) } ?? .unlocked)
        do {
            return try store.editControls(
                worker: worker, set: InstructionSetID(setName), edit: edit, by: access.session.account, at: now)
        } catch let error as CoachControlsError {
            throw PageError.badRequest(error.description)
        }
    }

    static func controlsForm(
        worker: WorkerPseudonym, set: InstructionSetID, controls: CoachControls, csrf: String, signedIn: Bool
    ) -> String {
        func options(_ selected: GuidanceLevel?, none: Bool) -> [String] {
            (none ? ["<option value=\"\"\(selected == nil ? " selected" : "")>not locked</option>"] : [])
                + GuidanceLevel.allCases.reversed().map {
                    "<option value=\"\($0.name)\"\($0 == selected ? " selected" : "")>\($0.name)</option>"
                }
        }
        let warning =
            signedIn
            ? "<p class=\"note\">This worker is signed in at a cell now: the change is kept and applies at their next sign-in.</p>"
            : ""
        return """
            <form method="post" action="\(Links.worker(worker))/controls"><fieldset>\
            <legend><strong>Guidance limits for \(HTML.escape(set.rawValue))</strong></legend>\(warning)\
            <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">\
            <input type="hidden" name="set" value="\(HTML.escape(set.rawValue))">\
            <label for="floor-\(HTML.escape(set.rawValue))">Never less help than</label>\
            <select id="floor-\(HTML.escape(set.rawValue))" name="floor">\(options(controls.floor, none: false).joined())</select>\
            <label for="ceiling-\(HTML.escape(set.rawValue))">Never more help than</label>\
            <select id="ceiling-\(HTML.escape(set.rawValue))" name="ceiling">\(options(controls.ceiling, none: false).joined())</select>\
            <label for="lock-\(HTML.escape(set.rawValue))">Keep the level fixed at</label>\
            <select id="lock-\(HTML.escape(set.rawValue))" name="lock">\(options(controls.locked, none: true).joined())</select>\
            <p><button>Save limits</button></p></fieldset></form>
            """
    }
}
