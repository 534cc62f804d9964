import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseDashboard

struct User: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dashboard accounts: add one (password from standard input), assign workers to a coach.",
        subcommands: [Add.self, Assign.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account. The password is read from standard input (first line), never from an argument.")

        @Argument(help: "The account name (letters, digits, '.', '-', '_').")
        var name: String
        @Option(help: "coach (their assigned workers), engineer (per-step data, no workers), manager (aggregates).")
        var role: String
        @OptionGroup var qualityLog: QualityLogOption

        func run() throws {
            guard let role = Role(rawValue: role) else {
                throw CommandSupport.fail("'\(role)' is not a role; expected coach, engineer or manager")
            }
            let password = readLine(strippingNewline: true) ?? ""
            do {
                try DashboardStore(path: qualityLog.db).addAccount(name: name, role: role, password: password, now: Dashboard.wallClock())
            } catch {
                throw CommandSupport.fail("\(error)")
            }
            print("added \(role.rawValue) '\(name)'")
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a coach see a worker (by pseudonym).")

        @Argument(help: "The coach's account name.")
        var coach: String
        @Argument(help: "The worker's pseudonym, e.g. w-7f3a9c.")
        var worker: String
        @OptionGroup var qualityLog: QualityLogOption

        func run() throws {
            do {
                try DashboardStore(path: qualityLog.db).assign(worker: WorkerPseudonym(worker), toCoach: coach)
            } catch {
                throw CommandSupport.fail("\(error)")
            }
            print("\(worker) assigned to \(coach)")
        }
    }
}
