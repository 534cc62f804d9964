import Foundation
import StepwiseCore
import StepwiseLog

/// What an account may see (stored with the account, so defined by the log).
public typealias Role = AccountRole

/// A signed-in person.
public struct Account: Hashable, Sendable {
    public var name: String
    public var role: Role
}

extension DashboardStore {
    /// Creates an account. The name is normalised (`AccountName`); refuses names that are not
    /// allowed, exist or look like an existing one, and passwords `PasswordPolicy` refuses.
    /// Returns the name as stored.
    @discardableResult
    public func addAccount(
        name raw: String, role: Role, password: String, hasher: PasswordHasher = .standard, now: Instant
    ) throws -> String {
        let name = try AccountName.checked(raw)
        try PasswordPolicy.check(password, account: name)
        let hash = try hasher.hash(password)
        try workshop.addAccount(StoredAccount(name: name, role: role, passwordHash: hash), created: now) { existing in
            if existing.contains(name) { throw DashboardError.accountExists(name) }
            if let other = AccountName.confusable(name, with: existing) {
                throw DashboardError.confusableName(name, existing: AccountName.printable(other))
            }
        }
        return name
    }

    /// The account if `password` is right; nil for an unknown name or a wrong password alike.
    /// `name` as typed: an account stored under exactly that name (made before names were
    /// normalised), else under its normalised form, so `Cora` or a full-width `ｃｏｒａ` is `cora`.
    public func authenticate(name: String, password: String) throws -> Account? {
        guard let stored = try workshop.account(firstOf: [name, AccountName.normalised(name)]) else {
            // Same work for an unknown name, so timing does not tell which names exist.
            _ = PasswordHasher.verify(password, against: Self.decoyHash)
            return nil
        }
        return PasswordHasher.verify(password, against: stored.passwordHash)
            ? Account(name: stored.name, role: stored.role) : nil
    }

    public func account(named name: String) throws -> Account? {
        try workshop.account(firstOf: [name]).map { Account(name: $0.name, role: $0.role) }
    }

    /// Assigns `worker` to `coach`: the coach then sees the worker's individual data.
    public func assign(worker: WorkerPseudonym, toCoach coach: String) throws {
        guard let account = try account(named: coach) else { throw DashboardError.noSuchAccount(coach) }
        guard account.role == .coach else { throw DashboardError.notACoach(coach) }
        try workshop.assign(worker: worker, toCoach: coach)
    }

    /// The workers assigned to `coach`, sorted.
    public func workers(ofCoach coach: String) throws -> [WorkerPseudonym] {
        try workshop.workers(ofCoach: coach)
    }

    /// A valid hash of nothing anyone types, verified for unknown names.
    private static let decoyHash =
        "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
}

extension DashboardStore {
    /// Right to erasure in the log file: the worker's records and skills, and the coach
    /// assignments naming the pseudonym. Returns the rows removed.
    public func eraseWorker(_ worker: WorkerPseudonym) throws -> Int {
        try workshop.eraseWorker(worker)
    }
}
