import Foundation
import GRDB
import StepwiseCore
import StepwiseDashboard
import Testing

/// New passwords a guesser would try early are refused, with the rule that refused them; account
/// names are normalised, limited to a documented set, and not confusable with an existing one.
@Suite struct PasswordPolicyTests {
    @Test(arguments: [
        ("          ", "only spaces"),
        ("\t\t\t\t\t     ", "only spaces"),
        ("aaaaaaaaaa", "different characters"),
        ("abab abab abab", "different characters"),
        ("qwertyuiop", "neighbouring keys"),
        ("1234567890", "neighbouring keys"),
        ("iloveyou12", "common password 'iloveyou'"),
        ("password2024", "common password 'password'"),
        ("P@ssw0rd!!12", "common password 'password'"),
        ("Sunshine   1999", "common password 'sunshine'"),
        ("dragondragon", "common password 'dragon'"),
        ("zxcvbnm,./", "neighbouring keys"),
        ("asdfghjkl;'", "neighbouring keys"),
        ("qwertzuiopü", "neighbouring keys"),
        ("klmnopqrstu", "neighbouring keys"),
        ("cora-the-coach-7", "account name"),
    ])
    func weakPasswordsAreRefusedWithTheRuleTheyBreak(password: String, reason: String) {
        let weakness = PasswordPolicy.weakness(password, account: "cora")
        #expect(weakness?.contains(reason) == true, "\(password): \(weakness ?? "accepted")")
    }

    @Test(arguments: [
        "correct horse 42", "a new long password", "another long one", "Kaffee um 9 und Brot", "tram-42-lilac-oven",
    ])
    func passphrasesPass(password: String) {
        #expect(PasswordPolicy.weakness(password, account: "cora") == nil)
    }

    @Test func addingAndChangingRefuseWeakPasswordsAndSayWhy() throws {
        let log = try TraceLog()
        #expect(throws: DashboardError.weakPassword("it is only spaces")) {
            try log.store.addAccount(
                name: "newbie", role: .coach, password: String(repeating: " ", count: 10),
                hasher: TraceLog.hasher, now: TraceLog.now)
        }
        #expect(throws: DashboardError.weakPassword("it contains the account name")) {
            try log.store.changePassword(name: "cora", password: "my name is cora!", hasher: TraceLog.hasher)
        }
        let message = DashboardError.weakPassword("it is only spaces").description
        #expect(message.contains("refused: it is only spaces; expected"))
    }

    @Test func namesAreNormalisedAndLimitedToADocumentedSet() throws {
        #expect(try AccountName.checked("Cora.B") == "cora.b")
        #expect(try AccountName.checked("ｃｏｒａ") == "cora")
        #expect(throws: DashboardError.invalidName(name: "сora", reason: "'с' (U+0441) is not allowed")) {
            try AccountName.checked("сora")
        }
        #expect(throws: DashboardError.invalidName(name: "co<U+1B>]0;x", reason: "(U+001B) is not allowed")) {
            try AccountName.checked("co\u{1B}]0;x")
        }
        #expect(throws: DashboardError.invalidName(name: "", reason: "it has 0 characters")) {
            try AccountName.checked("")
        }
        #expect(throws: DashboardError.invalidName(name: ".cora", reason: "it starts with a separator")) {
            try AccountName.checked(".cora")
        }
        #expect(throws: DashboardError.invalidName(name: "jürgen", reason: "'ü' (U+00FC) is not allowed")) {
            try AccountName.checked("jürgen")
        }
        #expect((try? AccountName.checked(String(repeating: "a", count: 65))) == nil)
    }

    @Test func namesThatLookLikeAnExistingOneAreRefused() throws {
        let log = try TraceLog()
        for (name, existing) in [("c0ra", "cora"), ("rnara", "mara"), ("cole_", "cole"), ("er1k", "erik")] {
            #expect(throws: DashboardError.confusableName(name, existing: existing)) {
                try log.store.addAccount(
                    name: name, role: .coach, password: "tram-42-lilac-oven", hasher: TraceLog.hasher,
                    now: TraceLog.now)
            }
        }
        #expect(throws: DashboardError.accountExists("cora")) {
            try log.store.addAccount(
                name: "CORA", role: .coach, password: "tram-42-lilac-oven", hasher: TraceLog.hasher,
                now: TraceLog.now)
        }
        #expect(
            try log.store.addAccount(
                name: "Corinna", role: .coach, password: "tram-42-lilac-oven",
                hasher: TraceLog.hasher, now: TraceLog.now) == "corinna")
    }

    @Test func aNameStoredBeforeTheRulesStillBlocksItsLookAlike() throws {
        let log = try TraceLog()
        try log.store.removeAccount(name: "cora")
        try DatabaseQueue(path: log.path).write { db in
            try db.execute(
                sql: "INSERT INTO dashboard_account (name, role, password, created_ns) VALUES ('сora', 'coach', 'x', 0)"
            )
        }
        #expect(throws: DashboardError.confusableName("cora", existing: "сora")) {
            try log.store.addAccount(
                name: "cora", role: .coach, password: "tram-42-lilac-oven", hasher: TraceLog.hasher,
                now: TraceLog.now)
        }
    }

    @Test func signInFoldsCapitalsAndFullWidthLetters() throws {
        let log = try TraceLog()
        let cora = try #require(try log.store.account(named: "cora"))
        #expect(try log.store.authenticate(name: "Cora", password: TraceLog.password) == cora)
        #expect(try log.store.authenticate(name: "ｃｏｒａ", password: TraceLog.password) == cora)
        #expect(try log.store.authenticate(name: "сora", password: TraceLog.password) == nil)
    }
}
