import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseDashboard

/// `stepwise coach`: the job coach's guidance limits from the command line, the same store and
/// audit trail as the dashboard's worker page.
struct Coach: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or set a worker's guidance limits (floor, ceiling, lock) per instruction set.",
        subcommands: [Show.self, SetLimits.self])

    /// Who the audit trail names for the command line: the Unix user, marked as not a dashboard account.
    static var actor: String { "cli:\(ProcessInfo.processInfo.environment["USER"] ?? NSUserName())" }

    /// `stepwise coach show WORKER`: limits and the mastery estimate per step, per set.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a worker's limits and the estimated mastery of every step, per set.")
        @Argument(help: "The worker's pseudonym (as in the quality log).")
        var worker: String
        @OptionGroup var qualityLog: QualityLogOption

        func run() throws {
            let store = try DashboardStore(path: try qualityLog.existing())
            let pseudonym = try Coach.checked { try InputCheck.worker(worker) }
            let skills = try store.skills(of: pseudonym, readBy: Coach.actor, at: Dashboard.wallClock())
            guard !skills.isEmpty else {
                throw CommandSupport.fail("no stored skill for worker \(worker) in \(qualityLog.db)")
            }
            CommandSupport.printStored(skills.map(Coach.describe).joined(separator: "\n\n"))
        }
    }

    /// `stepwise coach set WORKER --set SET …`: changes the limits, audited as "cli:<user>".
    struct SetLimits: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Change a worker's limits in one set; applies at the worker's next sign-in.")
        @Argument(help: "The worker's pseudonym.")
        var worker: String
        @Option(name: .customLong("set"), help: "The instruction set id.")
        var instructionSet: String
        @Option(help: "Never less help than this level (full, hint, location, silent).")
        var floor: String?
        @Option(help: "Never more help than this level.")
        var ceiling: String?
        @Option(help: "Keep the level fixed at this level.")
        var lock: String?
        @Flag(help: "Remove the lock: the model adapts again.")
        var unlock = false
        @Flag(help: "Never fade below hint (the floor hint), for workers who depend on their coach.")
        var neverBelowHint = false
        @OptionGroup var qualityLog: QualityLogOption

        func run() throws {
            let edit = try parsedEdit()
            let pseudonym = try Coach.checked { try InputCheck.worker(worker) }
            let set = try Coach.checked { try InputCheck.instructionSet(instructionSet) }
            let store = try DashboardStore(path: try qualityLog.existing())
            let actor = Coach.actor
            do {
                let c = try store.editControls(
                    worker: pseudonym, set: set, edit: edit, actor: actor, at: Dashboard.wallClock())
                CommandSupport.printStored(
                    "\(worker) in \(instructionSet): \(Coach.limits(c)); applies at the next sign-in (audited as \(actor))"
                )
            } catch let error as CoachControlsError {
                throw CommandSupport.fail(error.description)
            }
        }

        func parsedEdit() throws -> CoachControlsEdit {
            guard !(unlock && lock != nil) else { throw CommandSupport.fail("--lock and --unlock exclude each other") }
            guard !(neverBelowHint && floor != nil) else {
                throw CommandSupport.fail("--never-below-hint sets the floor to hint; give it or --floor, not both")
            }
            var edit = CoachControlsEdit(floor: try level(floor, "--floor"), ceiling: try level(ceiling, "--ceiling"))
            if neverBelowHint { edit.floor = .hint }
            if let lock { edit.lock = .at(try level(lock, "--lock")!) }
            if unlock { edit.lock = .unlocked }
            return edit
        }

        private func level(_ name: String?, _ option: String) throws -> GuidanceLevel? {
            guard let name else { return nil }
            guard let level = GuidanceLevel(name: name) else {
                throw CommandSupport.fail("\(option) '\(name)' is not a level; expected full, hint, location or silent")
            }
            return level
        }
    }

    /// A typed name through the same check as the dashboard's form; a refusal exits 1.
    static func checked<T>(_ check: () throws -> T) throws -> T {
        do { return try check() } catch let error as InputError { throw CommandSupport.fail(error.description) }
    }

    static func limits(_ c: CoachControls) -> String {
        "floor \(c.floor), ceiling \(c.ceiling), lock \(c.locked?.name ?? "none")"
            + (c.floor >= .hint ? " (never below hint)" : "")
    }

    /// One set: the limits, then per step the stored level and the mastery estimate.
    static func describe(_ skill: WorkerSkill) -> String {
        var lines = ["\(skill.instructionSet): \(limits(skill.controls)); \(skill.cycles) cycles"]
        for key in skill.steps.keys.sorted() {
            guard let step = skill.steps[key] else { continue }
            let mastery = Int((step.mastery * 100).rounded())
            let wrong =
                step.failedFades == 0 ? "" : ", \(step.failedFades) recent fade(s) went wrong: more clean runs asked"
            lines.append("  \(key): level \(step.level), mastery estimate \(mastery) %, \(step.runs) runs\(wrong)")
        }
        return lines.joined(separator: "\n")
    }
}
