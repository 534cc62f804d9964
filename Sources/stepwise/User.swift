import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseDashboard

struct User: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dashboard accounts: add, list, new password, remove; assign workers to a coach.",
        subcommands: [Add.self, List.self, Password.self, Remove.self, Assign.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account. The password is read from standard input (first line), never from an argument.")

        @Argument(
            help: "The account name: a–z, 0–9, '.', '-', '_' (capitals and full-width letters are folded to these).")
        var name: String
        @Option(help: "coach (their assigned workers), engineer (per-step data, no workers), manager (aggregates).")
        var role: String
        @OptionGroup var store: DashboardStoreOption

        func run() throws {
            guard let role = Role(rawValue: role) else {
                throw CommandSupport.fail("'\(role)' is not a role; expected coach, engineer or manager")
            }
            let password = User.readPassword()
            let stored: String
            do {
                stored = try store.open(creating: true).addAccount(
                    name: name, role: role, password: password, now: Dashboard.wallClock())
            } catch {
                throw CommandSupport.fail("\(error)")
            }
            print("added \(role.rawValue) '\(stored)'")
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a coach see a worker (by pseudonym).")

        @Argument(help: "The coach's account name.")
        var coach: String
        @Argument(help: "The worker's pseudonym, e.g. w-7f3a9c.")
        var worker: String
        @Flag(help: "Assign a pseudonym the quality log has no records of yet (a worker before their first shift).")
        var newWorker = false
        @OptionGroup var store: DashboardStoreOption

        func run() throws {
            do {
                try store.open().assign(
                    worker: worker, toCoach: coach, newWorker: newWorker)
            } catch {
                throw CommandSupport.fail("\(error)")
            }
            print("\(worker) assigned to \(coach)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts and their roles.")
        @OptionGroup var store: DashboardStoreOption

        func run() throws {
            let accounts = try store.dashboard { try $0.accounts() }
            for account in accounts { print(TerminalText.lines(account.name) + "\t" + account.role.rawValue) }
            if accounts.isEmpty { print("no accounts; add one with `stepwise user add NAME --role coach`") }
        }
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password (from standard input); ends the account's sessions.")
        @Argument(help: "The account name.")
        var name: String
        @OptionGroup var store: DashboardStoreOption

        func run() throws {
            let password = User.readPassword()
            try store.dashboard { try $0.changePassword(name: name, password: password) }
            print("new password set for '\(AccountName.printable(name))'; its sessions have ended")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove an account with its sessions and assignments; the audit trail keeps its name.")
        @Argument(help: "The account name.")
        var name: String
        @OptionGroup var store: DashboardStoreOption

        func run() throws {
            try store.dashboard { try $0.removeAccount(name: name) }
            print("removed '\(AccountName.printable(name))'")
        }
    }

    /// The first line of standard input, without its line end (LF, CRLF or CR: a password piped
    /// from a Windows-made file must not end in an invisible CR that no browser can type).
    static func readPassword() -> String {
        var line = readLine(strippingNewline: true) ?? ""
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }
}
