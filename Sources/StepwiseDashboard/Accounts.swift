import Foundation
import GRDB
import StepwiseCore

/// What an account may see. There is no administrator role and no default account: accounts are
/// made on the server's command line by whoever may read the database file anyway.
public enum Role: String, CaseIterable, Sendable, Codable {
    /// Job coach: the individual data of the workers assigned to them, and their guidance controls.
    case coach
    /// Process engineer: per-step data without worker identity.
    case engineer
    /// Manager: aggregates only, never a ranking of workers; the audit summary.
    case manager
}

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
        try pool.write { db in
            let existing = try String.fetchAll(db, sql: "SELECT name FROM dashboard_account")
            if existing.contains(name) { throw DashboardError.accountExists(name) }
            if let other = AccountName.confusable(name, with: existing) {
                throw DashboardError.confusableName(name, existing: AccountName.printable(other))
            }
            try db.execute(
                sql: "INSERT INTO dashboard_account (name, role, password, created_ns) VALUES (?, ?, ?, ?)",
                arguments: [name, role.rawValue, hash, Int64(clamping: now.nanoseconds)])
        }
        return name
    }

    /// The account if `password` is right; nil for an unknown name or a wrong password alike.
    /// `name` as typed: an account stored under exactly that name (made before names were
    /// normalised), else under its normalised form, so `Cora` or a full-width `ｃｏｒａ` is `cora`.
    public func authenticate(name: String, password: String) throws -> Account? {
        let row = try pool.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT name, role, password FROM dashboard_account WHERE name IN (?, ?) ORDER BY name = ? DESC",
                arguments: [name, AccountName.normalised(name), name])
        }
        guard let row, let role = Role(rawValue: row["role"]) else {
            // Same work for an unknown name, so timing does not tell which names exist.
            _ = PasswordHasher.verify(password, against: Self.decoyHash)
            return nil
        }
        return PasswordHasher.verify(password, against: row["password"]) ? Account(name: row["name"], role: role) : nil
    }

    public func account(named name: String) throws -> Account? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT role FROM dashboard_account WHERE name = ?", arguments: [name])
        }.flatMap(Role.init(rawValue:)).map { Account(name: name, role: $0) }
    }

    /// Assigns `worker` to `coach`: the coach then sees the worker's individual data.
    public func assign(worker: WorkerPseudonym, toCoach coach: String) throws {
        guard let account = try account(named: coach) else { throw DashboardError.noSuchAccount(coach) }
        guard account.role == .coach else { throw DashboardError.notACoach(coach) }
        try pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO dashboard_coach_worker (coach, worker) VALUES (?, ?)",
                arguments: [coach, worker.rawValue])
        }
    }

    /// The workers assigned to `coach`, sorted.
    public func workers(ofCoach coach: String) throws -> [WorkerPseudonym] {
        try pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT worker FROM dashboard_coach_worker WHERE coach = ? ORDER BY worker", arguments: [coach]
            )
        }.map { WorkerPseudonym($0) }
    }

    /// Removes a worker's assignments too when the worker is erased (the pseudonym is gone).
    public func forgetWorker(_ worker: WorkerPseudonym) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM dashboard_coach_worker WHERE worker = ?", arguments: [worker.rawValue])
        }
    }

    /// A valid hash of nothing anyone types, verified for unknown names.
    private static let decoyHash =
        "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
}

extension DashboardStore {
    /// Right to erasure in the log file: the worker's records and skills, and the coach
    /// assignments naming the pseudonym. Returns the rows removed.
    public func eraseWorker(_ worker: WorkerPseudonym) throws -> Int {
        let removed = try log.eraseWorker(worker)
        try forgetWorker(worker)
        return removed
    }
}
