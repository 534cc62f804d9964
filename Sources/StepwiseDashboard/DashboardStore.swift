import Foundation
import StepwiseCore
import StepwiseLog

/// The dashboard's view of its store: the rules (password policy, throttling, audit before
/// data) over a `WorkshopStore`, which holds every table and statement. One station's log today
/// (`SQLiteWorkshop`); a central store for many stations implements the same protocol.
public final class DashboardStore: Sendable {
    public let workshop: any WorkshopStore
    /// The secret the failed-sign-in table's keyed hashes use (`SignInAttempts.swift`).
    let signInSecret: Data

    public init(workshop: any WorkshopStore) throws {
        self.workshop = workshop
        signInSecret = try Self.signInSecret(workshop)
    }

    /// Opens the station's log at `path` (creating it if needed, with the dashboard's tables).
    public convenience init(path: String) throws {
        try self.init(workshop: SQLiteWorkshop(path: path))
    }
}

/// What went wrong in the dashboard's store or its commands, said so a person can act on it.
public enum DashboardError: Error, Equatable, CustomStringConvertible, Sendable {
    case passwordTooShort(minimum: Int)
    case accountExists(String)
    case noSuchAccount(String)
    case notACoach(String)
    case invalidName(name: String, reason: String)
    case confusableName(String, existing: String)
    case weakPassword(String)

    public var description: String {
        switch self {
        case .passwordTooShort(let minimum):
            "the password is too short; expected at least \(minimum) characters on standard input"
        case .accountExists(let name): "an account '\(name)' exists already; expected a new name"
        case .noSuchAccount(let name): "no account '\(name)'; expected one made with `stepwise user add`"
        case .notACoach(let name): "'\(name)' is not a coach; expected an account with the role coach"
        case .invalidName(let name, let reason):
            "'\(name)' is not a usable name: \(reason); expected 1–64 of a–z, 0–9, '.', '-', '_' starting with a letter or digit"
        case .confusableName(let name, let existing):
            "'\(name)' looks too much like the existing account '\(existing)'; expected a name that cannot be mistaken for it"
        case .weakPassword(let reason):
            "the password is refused: \(reason); expected a password a guesser would not try early (standard input)"
        }
    }
}
