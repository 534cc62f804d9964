import Foundation
import Hummingbird
import HummingbirdTesting
import StepwiseCore
import StepwiseDashboard
import Testing

/// Coach controls, erasure, retention and accounts.
@Suite struct PrivacyTests {
    @Test func aCoachSetsGuidanceLimitsOnlyWithTheFormsToken() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            let path = "/workers/\(TraceLog.lamps)/controls"
            let fields = [("set", "led-streetlight"), ("floor", "hint"), ("ceiling", "full"), ("lock", "")]
            #expect(try await cora.post(path, fields + [("csrf", "forged")]).status == .forbidden)
            #expect(try log.quality.loadSkill(worker: TraceLog.lamps, instructionSet: "led-streetlight") == nil)
            let saved = try await cora.post(path, fields + [("csrf", cora.csrf)])
            #expect(saved.status == .seeOther)
            let skill = try #require(
                try log.quality.loadSkill(worker: TraceLog.lamps, instructionSet: "led-streetlight"))
            #expect(skill.controls == CoachControls(floor: .hint, ceiling: .full, locked: nil))
            let trail = try log.store.auditEntries(worker: TraceLog.lamps).filter { $0.action == "controls" }
            #expect(trail.count == 1 && trail[0].subject.contains("floor=hint"))
            #expect(try await cora.get("/workers/\(TraceLog.lamps)").body.contains("floor=hint"))
        }
    }

    @Test func limitsThatContradictEachOtherAreRefused() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            let answer = try await cora.post(
                "/workers/\(TraceLog.lamps)/controls",
                [("set", "led-streetlight"), ("floor", "full"), ("ceiling", "silent"), ("csrf", cora.csrf)])
            #expect(answer.status == .badRequest)
            var cole = Browser(client: client)
            _ = try await cole.signIn("cole", TraceLog.password)
            let foreign = try await cole.post(
                "/workers/\(TraceLog.lamps)/controls",
                [("set", "led-streetlight"), ("floor", "silent"), ("ceiling", "full"), ("csrf", cole.csrf)])
            #expect(foreign.status == .forbidden)
            #expect(try log.quality.loadSkill(worker: TraceLog.lamps, instructionSet: "led-streetlight") == nil)
        }
    }

    @Test func anErasedWorkerIsGoneFromEveryPage() async throws {
        let log = try TraceLog()
        let removed = try log.store.eraseWorker(TraceLog.lamps)
        #expect(removed > 0)
        #expect(try log.store.workers(ofCoach: "cora").isEmpty)
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            #expect(try await cora.get("/workers/\(TraceLog.lamps)").status == .forbidden)
            #expect(!(try await cora.get("/workers").body.contains(TraceLog.lamps.rawValue)))
            var erik = Browser(client: client)
            _ = try await erik.signIn("erik", TraceLog.password)
            #expect(try await erik.get("/sets/led-streetlight").status == .notFound)
            #expect(try await erik.get("/sets/car-seat").status == .ok)
        }
    }

    @Test func retentionDeletesOldRecordsButHotSpotsSurvive() async throws {
        let log = try TraceLog(daysAgo: 40)
        let before = try await Self.hotSpotsCSV(log)
        let cutoff = Instant(seconds: TraceLog.now.seconds - 30 * 86_400)
        let removed = try log.store.applyRetention(before: cutoff)
        #expect(removed > 0)
        #expect(try log.quality.records().isEmpty)
        #expect(!(try log.store.stepDayAggregates(instructionSet: "led-streetlight").isEmpty))
        let after = try await Self.hotSpotsCSV(log)
        #expect(before.split(separator: "\r\n").count > 10)
        #expect(
            Set(after.split(separator: "\r\n")) == Set(before.split(separator: "\r\n")),
            "the step counts are the same from the day totals")
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            let cycles = try await cora.get("/workers/\(TraceLog.lamps)?table=cycles&format=csv")
            #expect(cycles.body.split(separator: "\r\n").count == 1, "only the header: the individual cycles are gone")
        }
    }

    @Test func accountsNeedALongPasswordAndAUniqueName() throws {
        let log = try TraceLog()
        #expect(throws: DashboardError.passwordTooShort(minimum: PasswordHasher.minimumLength)) {
            try log.store.addAccount(
                name: "newbie", role: .coach, password: "", hasher: TraceLog.hasher, now: TraceLog.now)
        }
        #expect(throws: DashboardError.accountExists("cora")) {
            try log.store.addAccount(
                name: "cora", role: .coach, password: "another long one", hasher: TraceLog.hasher, now: TraceLog.now)
        }
        #expect(throws: DashboardError.notACoach("erik")) {
            try log.store.assign(worker: TraceLog.seats, toCoach: "erik")
        }
    }

    @Test func passwordsAreStoredAsSaltedScrypt() throws {
        let first = try TraceLog.hasher.hash("correct horse 42")
        let second = try TraceLog.hasher.hash("correct horse 42")
        #expect(first.hasPrefix("scrypt$1024$8$1$") && first != second)
        #expect(PasswordHasher.verify("correct horse 42", against: first))
        #expect(!PasswordHasher.verify("correct horse 43", against: first))
        #expect(!PasswordHasher.verify("correct horse 42", against: "plain"))
    }

    @Test func csvQuotesSeparatorsAndDefusesFormulas() {
        let table = DataTable(
            id: "t", title: "t", columns: ["a", "b"], rows: [["x, y", "=SUM(A1)"], ["\"q\"", "-1.5"]])
        #expect(table.csv() == "a,b\r\n\"x, y\",'=SUM(A1)\r\n\"\"\"q\"\"\",-1.5\r\n")
    }

    static func hotSpotsCSV(_ log: TraceLog) async throws -> String {
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var erik = Browser(client: client)
            _ = try await erik.signIn("erik", TraceLog.password)
            return try await erik.get("/sets/led-streetlight?table=hotspots&format=csv").body
        }
    }
}
