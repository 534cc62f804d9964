import Foundation
import Hummingbird
import HummingbirdTesting
import StepwiseCore
import StepwiseDashboard
import Testing

/// Wrong-password throttling, new passwords and removed accounts.
@Suite struct AccountChangeTests {
    let start = TraceLog.now

    @Test func theFirstFiveWrongPasswordsAreFreeThenWaitsDoubleUpToTheCap() {
        let throttle = LoginThrottle.standard
        #expect(throttle.wait(failures: 4, last: start, now: start) == nil)
        #expect(throttle.wait(failures: 5, last: start, now: start) == 30)
        #expect(throttle.wait(failures: 5, last: start, now: start.adding(seconds: 30)) == nil)
        #expect(throttle.wait(failures: 7, last: start, now: start.adding(seconds: 20)) == 100)
        #expect(throttle.wait(failures: 40, last: start, now: start) == 900)
    }

    @Test func oldFailuresAreForgotten() {
        let throttle = LoginThrottle.standard
        let later = start.adding(seconds: 3600)
        #expect(throttle.wait(failures: 40, last: start, now: later) == nil)
        #expect(throttle.failures(after: 40, last: start, now: later) == 1)
        #expect(throttle.failures(after: 40, last: start, now: start.adding(seconds: 10)) == 41)
    }

    @Test func afterFiveWrongPasswordsEvenTheRightOneWaitsButOtherNamesDoNot() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var browser = Browser(client: client)
            for _ in 0..<5 { #expect(try await browser.signIn("cora", "guess guess guess").status == .unauthorized) }
            let refused = try await browser.signIn("cora", TraceLog.password)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.contains("try again in 1 minute"))
            var other = Browser(client: client)
            #expect(try await other.signIn("cole", TraceLog.password).status == .seeOther)
        }
    }

    @Test func aRightPasswordClearsTheCountOfItsAddress() throws {
        let log = try TraceLog()
        for _ in 0..<4 {
            #expect(
                try log.store.signIn(name: "cora", password: "wrong wrong", address: "10.0.0.7", now: start) == .wrong)
        }
        let cora = try #require(try log.store.account(named: "cora"))
        #expect(
            try log.store.signIn(name: "cora", password: TraceLog.password, address: "10.0.0.7", now: start)
                == .signedIn(cora))
        for _ in 0..<4 {
            #expect(
                try log.store.signIn(name: "cora", password: "wrong wrong", address: "10.0.0.7", now: start) == .wrong)
        }
        #expect(try log.store.signInWait(name: "cora", address: "10.0.0.7", now: start) == nil)
    }

    @Test func aNewPasswordEndsSessionsAndReplacesTheOldOne() throws {
        let log = try TraceLog()
        let cora = try #require(try log.store.account(named: "cora"))
        let (token, _) = try log.store.startSession(for: cora, now: start)
        try log.store.changePassword(name: "cora", password: "a new long password", hasher: TraceLog.hasher)
        #expect(try log.store.session(token: token, now: start) == nil)
        #expect(try log.store.authenticate(name: "cora", password: TraceLog.password) == nil)
        #expect(try log.store.authenticate(name: "cora", password: "a new long password") == cora)
        #expect(throws: DashboardError.passwordTooShort(minimum: PasswordHasher.minimumLength)) {
            try log.store.changePassword(name: "cora", password: "short")
        }
        #expect(throws: DashboardError.noSuchAccount("nobody")) {
            try log.store.changePassword(name: "nobody", password: "a new long password", hasher: TraceLog.hasher)
        }
    }

    @Test func removingAnAccountEndsItsSessionsAndAssignments() throws {
        let log = try TraceLog()
        let cora = try #require(try log.store.account(named: "cora"))
        let (token, _) = try log.store.startSession(for: cora, now: start)
        try log.store.removeAccount(name: "cora")
        #expect(try log.store.account(named: "cora") == nil)
        #expect(try log.store.session(token: token, now: start) == nil)
        #expect(try log.store.workers(ofCoach: "cora").isEmpty)
        #expect(try log.store.accounts().map(\.name) == ["cole", "erik", "mara"])
        #expect(throws: DashboardError.noSuchAccount("cora")) { try log.store.removeAccount(name: "cora") }
    }
}
