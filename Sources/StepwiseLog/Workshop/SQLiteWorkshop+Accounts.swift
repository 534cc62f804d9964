import GRDB
import StepwiseCore

/// Accounts, coach assignments and sessions.
extension SQLiteWorkshop {
    public func addAccount(_ account: StoredAccount, created: Instant, check: ([String]) throws -> Void) throws {
        try pool.write { db in
            try check(try String.fetchAll(db, sql: "SELECT name FROM dashboard_account"))
            try db.execute(
                sql: "INSERT INTO dashboard_account (name, role, password, created_ns) VALUES (?, ?, ?, ?)",
                arguments: [account.name, account.role.rawValue, account.passwordHash, created.column])
        }
    }

    public func account(firstOf names: [String]) throws -> StoredAccount? {
        for name in names {
            let row = try pool.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT name, role, password FROM dashboard_account WHERE name = ?", arguments: [name])
            }
            if let row, let role = AccountRole(rawValue: row["role"]) {
                return StoredAccount(name: row["name"], role: role, passwordHash: row["password"])
            }
        }
        return nil
    }

    public func accounts() throws -> [(name: String, role: AccountRole)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, role FROM dashboard_account ORDER BY name")
        }.compactMap { row in AccountRole(rawValue: row["role"]).map { (name: row["name"], role: $0) } }
    }

    public func changePassword(name: String, passwordHash: String, nameKey: String) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE dashboard_account SET password = ? WHERE name = ?", arguments: [passwordHash, name])
            guard db.changesCount == 1 else { return false }
            try db.execute(sql: "DELETE FROM dashboard_session WHERE account = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM dashboard_signin_failure WHERE name_mac = ?", arguments: [nameKey])
            return true
        }
    }

    public func removeAccount(name: String) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM dashboard_session WHERE account = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM dashboard_coach_worker WHERE coach = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM dashboard_account WHERE name = ?", arguments: [name])
            return db.changesCount == 1
        }
    }

    public func assign(worker: WorkerPseudonym, toCoach coach: String) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO dashboard_coach_worker (coach, worker) VALUES (?, ?)",
                arguments: [coach, worker.rawValue])
        }
    }

    public func workers(ofCoach coach: String) throws -> [WorkerPseudonym] {
        try pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT worker FROM dashboard_coach_worker WHERE coach = ? ORDER BY worker", arguments: [coach]
            )
        }.map { WorkerPseudonym($0) }
    }

    public func startSession(tokenHash: String, account: String, csrf: String, expires: Instant, now: Instant) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM dashboard_session WHERE expires_ns <= ?", arguments: [now.column])
            try db.execute(
                sql: "INSERT INTO dashboard_session (token_sha256, account, csrf, expires_ns) VALUES (?, ?, ?, ?)",
                arguments: [tokenHash, account, csrf, expires.column])
        }
    }

    public func session(tokenHash: String, now: Instant) throws -> StoredSession? {
        let row = try pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT s.account, s.csrf, a.role FROM dashboard_session s
                    JOIN dashboard_account a ON a.name = s.account
                    WHERE s.token_sha256 = ? AND s.expires_ns > ?
                    """, arguments: [tokenHash, now.column])
        }
        guard let row, let role = AccountRole(rawValue: row["role"]) else { return nil }
        return StoredSession(account: row["account"], role: role, csrf: row["csrf"])
    }

    public func endSession(tokenHash: String) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM dashboard_session WHERE token_sha256 = ?", arguments: [tokenHash])
        }
    }
}
