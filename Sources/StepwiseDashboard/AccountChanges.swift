import GRDB
import StepwiseCore

/// Account changes made on the server's command line: a new password, removing an account,
/// listing who has one. Both changes end the account's open sessions at once.
extension DashboardStore {
    /// Every account, sorted by name.
    public func accounts() throws -> [Account] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, role FROM dashboard_account ORDER BY name")
        }.compactMap { row in Role(rawValue: row["role"]).map { Account(name: row["name"], role: $0) } }
    }

    /// Sets a new password (the old one need not be known: this runs as whoever owns the file),
    /// ends the account's sessions and forgets its wrong-password count.
    public func changePassword(name: String, password: String, hasher: PasswordHasher = .standard) throws {
        try PasswordPolicy.check(password, account: name)
        let hash = try hasher.hash(password)
        try pool.write { db in
            try db.execute(sql: "UPDATE dashboard_account SET password = ? WHERE name = ?", arguments: [hash, name])
            guard db.changesCount == 1 else { throw DashboardError.noSuchAccount(AccountName.printable(name)) }
            try db.execute(sql: "DELETE FROM dashboard_session WHERE account = ?", arguments: [name])
            try self.forgetSignInFailures(name: name, db)
        }
    }

    /// Removes an account with its sessions and coach assignments. The audit trail keeps its
    /// name: who read what stays answerable after the person has left.
    public func removeAccount(name: String) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM dashboard_session WHERE account = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM dashboard_coach_worker WHERE coach = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM dashboard_account WHERE name = ?", arguments: [name])
            guard db.changesCount == 1 else { throw DashboardError.noSuchAccount(AccountName.printable(name)) }
        }
    }
}
