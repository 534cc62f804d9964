import StepwiseCore
import StepwiseLog

/// Account changes made on the server's command line: a new password, removing an account,
/// listing who has one. Both changes end the account's open sessions at once.
extension DashboardStore {
    /// Every account, sorted by name.
    public func accounts() throws -> [Account] {
        try workshop.accounts().map { Account(name: $0.name, role: $0.role) }
    }

    /// Sets a new password (the old one need not be known: this runs as whoever owns the file),
    /// ends the account's sessions and forgets its wrong-password count.
    public func changePassword(name: String, password: String, hasher: PasswordHasher = .standard) throws {
        try PasswordPolicy.check(password, account: name)
        let hash = try hasher.hash(password)
        let nameKey = signInMac("name", AccountName.normalised(name))
        guard try workshop.changePassword(name: name, passwordHash: hash, nameKey: nameKey) else {
            throw DashboardError.noSuchAccount(AccountName.printable(name))
        }
    }

    /// Removes an account with its sessions and coach assignments. The audit trail keeps its
    /// name: who read what stays answerable after the person has left.
    public func removeAccount(name: String) throws {
        guard try workshop.removeAccount(name: name) else {
            throw DashboardError.noSuchAccount(AccountName.printable(name))
        }
    }
}
