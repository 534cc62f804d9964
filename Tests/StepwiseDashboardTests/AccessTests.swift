import Foundation
import Hummingbird
import HummingbirdTesting
import StepwiseCore
import StepwiseDashboard
import Testing

/// Sign-in, sign-out and who may see what, through the HTTP interface.
@Suite struct AccessTests {
    @Test func signInWithTheRightPasswordStartsASecureSession() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var browser = Browser(client: client)
            let answer = try await browser.signIn("cora", TraceLog.password)
            #expect(answer.status == .seeOther)
            #expect(answer.headers[.location] == "/cells")
            let session = try #require(answer.headers[values: .setCookie].first { $0.hasPrefix("stepwise_session=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict"))
            #expect(!browser.csrf.isEmpty)
            #expect(try await browser.get("/cells").status == .ok)
        }
    }

    @Test func aWrongPasswordOrUnknownNameIsRefused() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var browser = Browser(client: client)
            let wrong = try await browser.signIn("cora", "not the password")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("Name or password is wrong"))
            #expect(try await browser.signIn("admin", "admin").status == .unauthorized)
            let page = try await browser.get("/cells")
            #expect(page.status == .seeOther && page.headers[.location] == "/login")
        }
    }

    @Test func aLoginPostedWithoutTheFormTokenIsRefused() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            let browser = Browser(client: client)
            let answer = try await browser.post("/login", [("name", "cora"), ("password", TraceLog.password)])
            #expect(answer.status == .forbidden)
            #expect(Browser.cookies(answer.headers).allSatisfy { !$0.hasPrefix("stepwise_session=") })
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("erik", TraceLog.password)
            #expect(try await browser.post("/logout", [("csrf", "forged")]).status == .forbidden)
            #expect(try await browser.post("/logout", [("csrf", browser.csrf)]).status == .seeOther)
            #expect(try await browser.get("/sets").headers[.location] == "/login")
        }
    }

    @Test func aCoachSeesOnlyTheirAssignedWorkers() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            #expect(try await cora.get("/workers").body.contains(TraceLog.lamps.rawValue))
            #expect(try await cora.get("/workers/\(TraceLog.lamps)").status == .ok)
            #expect(try await cora.get("/workers/\(TraceLog.seats)").status == .forbidden)
            var cole = Browser(client: client)
            _ = try await cole.signIn("cole", TraceLog.password)
            #expect(try await cole.get("/workers/\(TraceLog.lamps)").status == .forbidden)
            #expect(!(try await cole.get("/workers").body.contains(TraceLog.lamps.rawValue)))
        }
    }

    @Test func anEngineerSeesStepsButNoWorkerIdentity() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var erik = Browser(client: client)
            _ = try await erik.signIn("erik", TraceLog.password)
            #expect(try await erik.get("/workers/\(TraceLog.lamps)").status == .forbidden)
            #expect(try await erik.get("/workers").status == .forbidden)
            for path in ["/cells", "/sets", "/sets/led-streetlight", "/days"] {
                let page = try await erik.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.body.contains(TraceLog.lamps.rawValue) && !page.body.contains(TraceLog.seats.rawValue))
            }
            let unitLink = try #require(Self.firstUnitLink(try await erik.get("/sets/led-streetlight").body))
            let unit = try await erik.get(unitLink)
            #expect(unit.status == .ok)
            #expect(unit.body.contains("not shown to your role") && !unit.body.contains(TraceLog.lamps.rawValue))
        }
    }

    @Test func aManagerSeesAggregatesOnlyAndTheAuditSummary() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var mara = Browser(client: client)
            _ = try await mara.signIn("mara", TraceLog.password)
            #expect(try await mara.get("/workers/\(TraceLog.lamps)").status == .forbidden)
            let set = try await mara.get("/sets/led-streetlight")
            #expect(set.status == .ok && Self.firstUnitLink(set.body) == nil)
            let days = try await mara.get("/days")
            #expect(days.body.contains("2026-01-05") && !days.body.contains(TraceLog.lamps.rawValue))
            #expect(try await mara.get("/audit").status == .ok)
            var erik = Browser(client: client)
            _ = try await erik.signIn("erik", TraceLog.password)
            #expect(try await erik.get("/audit").status == .forbidden)
        }
    }

    static func firstUnitLink(_ html: String) -> String? {
        guard let range = html.range(of: "href=\"/units/") else { return nil }
        return "/units/" + String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}
