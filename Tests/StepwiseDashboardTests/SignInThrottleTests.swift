import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import StepwiseCore
import StepwiseDashboard
import Testing

/// Wrong passwords counted per name and address, per address, and per name; the check and the
/// count in one transaction; the failure table keeps keyed hashes only, and forgets.
@Suite struct SignInThrottleTests {
    let start = TraceLog.now

    @Test func thirtyParallelWrongPasswordsGetExactlyTheBudgetOfChecks() async throws {
        let log = try TraceLog()
        // The real hash: its time is the window in which a separate check and count raced.
        try log.store.addAccount(name: "sara", role: .coach, password: TraceLog.password, now: TraceLog.now)
        let statuses = try await Application(router: log.dashboard().router()).test(.router) { client in
            var browsers: [Browser] = []
            for _ in 0..<30 {
                var browser = Browser(client: client)
                browser.cookie = try await browser.formCookie()
                browsers.append(browser)
            }
            return try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for browser in browsers {
                    group.addTask { try await browser.postSignIn("sara", "guess guess guess").status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
        }
        #expect(statuses.filter { $0 == .unauthorized }.count == LoginThrottle.standard.freeFailures)
        #expect(statuses.filter { $0 == .tooManyRequests }.count == 30 - LoginThrottle.standard.freeFailures)
    }

    @Test func thirtyParallelAttemptsInTheStoreCountEveryOne() async throws {
        let log = try TraceLog()
        let store = log.store, at = start
        let outcomes = try await withThrowingTaskGroup(of: SignInOutcome.self) { group in
            for _ in 0..<30 {
                group.addTask {
                    try await Task.detached {
                        try store.signIn(name: "cora", password: "guess guess guess", address: "10.0.0.66", now: at)
                    }.value
                }
            }
            return try await group.reduce(into: [SignInOutcome]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .wrong }.count == 5)
        let pair = try log.store.signInFailureRows().filter { !$0.nameMac.isEmpty && !$0.addressMac.isEmpty }
        #expect(pair.map(\.failures) == [5], "no update lost")
    }

    @Test func failuresASecondApartStillAddUpAndAreForgottenAfterTheWindow() throws {
        let log = try TraceLog()
        let throttle = LoginThrottle.standard
        for second in 0..<throttle.freeFailures {
            let at = start.adding(seconds: Double(second))
            #expect(
                try log.store.signIn(name: "cora", password: "guess guess guess", address: "10.0.0.66", now: at)
                    == .wrong)
        }
        let next = start.adding(seconds: Double(throttle.freeFailures))
        #expect(try log.store.signInWait(name: "cora", address: "10.0.0.66", now: next) != nil)
        let later = start.adding(seconds: throttle.forgetAfterSeconds + Double(throttle.freeFailures) + 1)
        #expect(try log.store.signInWait(name: "cora", address: "10.0.0.66", now: later) == nil)
    }

    @Test func anAddressLockedOutForANameDoesNotLockOutTheCoachElsewhere() throws {
        let log = try TraceLog()
        for _ in 0..<30 {
            _ = try log.store.signIn(name: "cora", password: "guess guess guess", address: "10.0.0.66", now: start)
        }
        if case .wait = try log.store.signIn(
            name: "cora", password: TraceLog.password, address: "10.0.0.66", now: start)
        {
        } else {
            Issue.record("the guessing address must wait, even with the right password")
        }
        let cora = try #require(try log.store.account(named: "cora"))
        #expect(
            try log.store.signIn(name: "cora", password: TraceLog.password, address: "10.0.0.7", now: start)
                == .signedIn(cora))
    }

    @Test func behindAProxyOnThisMachineAGuesserDoesNotLockOutTheCoach() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var guesser = Browser(client: client)
            guesser.cookie = try await guesser.formCookie()
            for _ in 0..<8 {
                _ = try await guesser.postSignIn("cora", "guess guess guess", forwardedFor: "198.51.100.7")
            }
            let refused = try await guesser.postSignIn("cora", TraceLog.password, forwardedFor: "198.51.100.7")
            #expect(refused.status == .tooManyRequests)
            var coach = Browser(client: client)
            coach.cookie = try await coach.formCookie()
            #expect(
                try await coach.postSignIn("cora", TraceLog.password, forwardedFor: "192.0.2.10").status == .seeOther)
        }
    }

    @Test func theForwardedAddressCountsOnlyFromALoopbackPeer() {
        #expect(SignInAddress.client(peer: "127.0.0.1", forwardedFor: "203.0.113.9, 198.51.100.7") == "198.51.100.7")
        #expect(SignInAddress.client(peer: "192.0.2.1", forwardedFor: "198.51.100.7") == "192.0.2.1")
        #expect(SignInAddress.client(peer: "127.0.0.1", forwardedFor: nil) == "127.0.0.1")
        #expect(SignInAddress.client(peer: "127.0.0.1", forwardedFor: " ") == "127.0.0.1")
    }

    @Test func underAttackFromManyAddressesEachAddressStillHasTwoTries() throws {
        let log = try TraceLog()
        for attacker in 0..<10 {
            for _ in 0..<6 {
                _ = try log.store.signIn(
                    name: "cora", password: "guess guess guess", address: "10.0.1.\(attacker)", now: start)
            }
        }
        let cora = try #require(try log.store.account(named: "cora"))
        #expect(
            try log.store.signIn(name: "cora", password: "correct horse 24", address: "10.0.0.7", now: start) == .wrong)
        #expect(
            try log.store.signIn(name: "cora", password: TraceLog.password, address: "10.0.0.7", now: start)
                == .signedIn(cora))
        // A fresh guessing address: two checks, then waits.
        #expect(try log.store.signIn(name: "cora", password: "guess one!", address: "10.0.2.1", now: start) == .wrong)
        #expect(try log.store.signIn(name: "cora", password: "guess two!", address: "10.0.2.1", now: start) == .wrong)
        #expect(try log.store.signInWait(name: "cora", address: "10.0.2.1", now: start) != nil)
    }

    @Test func oneAddressTryingManyNamesWaitsButOthersDoNot() throws {
        let log = try TraceLog()
        let free = LoginThrottle.standard.freeFailuresPerAddress
        for index in 0..<free {
            #expect(
                try log.store.signIn(name: "name\(index)", password: "guess guess", address: "10.0.0.66", now: start)
                    == .wrong)
        }
        #expect(try log.store.signInWait(name: "another", address: "10.0.0.66", now: start) != nil)
        #expect(try log.store.signInWait(name: "another", address: "10.0.0.7", now: start) == nil)
    }

    @Test func theFailureTableKeepsKeyedHashesOnlyAndForgetsAfterAnHour() throws {
        let log = try TraceLog()
        let typed = "my secret password " + String(repeating: "x", count: 15_000)
        _ = try log.store.signIn(name: typed, password: "anything at all", address: "192.0.2.44", now: start)
        let rows = try DatabaseQueue(path: log.path).read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM dashboard_signin_failure")
        }
        #expect(rows.count == 3)
        for row in rows {
            for column in ["name_mac", "address_mac"] {
                let text: String = row[column]
                #expect(text.count <= 32 && !text.contains("secret") && !text.contains("192.0.2"))
            }
        }
        _ = try log.store.signIn(
            name: "cora", password: "anything at all", address: "10.0.0.7", now: start.adding(seconds: 3601))
        #expect(try log.store.signInFailureRows().allSatisfy { $0.last == start.adding(seconds: 3601) })
    }

    @Test func theOldTableWithNamesInClearIsDroppedWhenTheStoreOpens() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "stepwise-signin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("quality.sqlite").path
        try LegacyDashboardFile.write(
            path: path, extra: "INSERT INTO dashboard_login_failure VALUES ('hunter2 typed as a name', 3, 0);")
        _ = try DashboardStore(path: path)
        let exists = try DatabaseQueue(path: path).read { db in try db.tableExists("dashboard_login_failure") }
        #expect(!exists)
    }

    @Test func retentionDeletesOldFailureRows() throws {
        let log = try TraceLog()
        _ = try log.store.signIn(name: "cora", password: "anything at all", address: "10.0.0.7", now: start)
        #expect(try log.store.signInFailureRows().count == 3)
        _ = try log.store.applyRetention(before: start.adding(seconds: 1))
        #expect(try log.store.signInFailureRows().isEmpty)
    }

    @Test func aManagerSeesWhichAccountIsUnderAttackAndOthersDoNot() async throws {
        let log = try TraceLog()
        for attacker in 0..<5 {
            for _ in 0..<5 {
                _ = try log.store.signIn(
                    name: "cora", password: "guess guess guess", address: "10.0.1.\(attacker)", now: start)
            }
        }
        _ = try log.store.signIn(name: "nobody-here", password: "guess guess guess", address: "10.0.1.9", now: start)
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var mara = Browser(client: client)
            _ = try await mara.signIn("mara", TraceLog.password)
            #expect(try await mara.get("/cells").body.contains("<a href=\"/sign-ins\">Sign-in locks</a>"))
            let page = try await mara.get("/sign-ins")
            #expect(page.status == .ok)
            #expect(page.body.contains("<td>cora</td><td>22</td><td>5</td><td>yes</td>"))
            #expect(page.body.contains("1 wrong passwords for 1 names") && !page.body.contains("nobody-here"))
            var cora = Browser(client: client)
            _ = try await cora.signIn("cole", TraceLog.password)
            #expect(try await cora.get("/sign-ins").status == .forbidden)
        }
    }

    @Test func addressesAreCountedPerIPv4AndPerIPv6Network() {
        #expect(SignInAddress.key("192.0.2.1") == "192.0.2.1")
        #expect(SignInAddress.key("::ffff:192.0.2.1") == "192.0.2.1")
        #expect(SignInAddress.key("2001:db8:1:2:aaaa::1") == SignInAddress.key("2001:db8:1:2:bbbb::9"))
        #expect(SignInAddress.key("2001:db8:1:2::1") != SignInAddress.key("2001:db8:1:3::1"))
        #expect(SignInAddress.key(nil) == "")
    }
}

extension Browser {
    /// The login form's cookie (the double-submit token), without posting.
    func formCookie() async throws -> String {
        let form = try await get("/login")
        return Self.cookies(form.headers).joined(separator: "; ")
    }

    /// Posts the sign-in form with the token in `cookie`, as relayed by a proxy on this machine
    /// for `forwardedFor` when given.
    func postSignIn(_ name: String, _ password: String, forwardedFor: String? = nil) async throws -> Page {
        let token =
            cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix("stepwise_login=") }.map { String($0.dropFirst("stepwise_login=".count)) } ?? ""
        let body = [("login", token), ("name", name), ("password", password)]
            .map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
        if let forwardedFor { headers[HTTPFields.Element.Name("X-Forwarded-For")!] = forwardedFor }
        return try await client.execute(uri: "/login", method: .post, headers: headers, body: ByteBuffer(string: body))
        {
            Page(status: $0.status, headers: $0.headers, body: String(buffer: $0.body))
        }
    }
}
