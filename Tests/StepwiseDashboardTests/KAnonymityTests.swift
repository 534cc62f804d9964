import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import StepwiseCore
@testable import StepwiseDashboard
import Testing

/// What a cell is doing identifies the person at it; totals over fewer than k workers are
/// that few people's data. Per page and role.
@Suite struct KAnonymityTests {
    static let others: [WorkerPseudonym] = ["w-aaaa01", "w-aaaa02"]

    /// The shipped log plus two more workers on each set, the same day: every total then counts three.
    static func crowdedLog(daysAgo: Double = 0) throws -> TraceLog {
        let log = try TraceLog(daysAgo: daysAgo)
        let start = Instant(seconds: TraceLog.day.seconds - daysAgo * 86_400)
        for (i, worker) in others.enumerated() {
            let offset = Double(i + 2) * 3600
            try log.quality.append(
                try TraceLog.records("led-streetlight-40w.trace", start: start.adding(seconds: offset)) { _ in worker })
            try log.quality.append(
                try TraceLog.records("car-seat.trace", start: start.adding(seconds: offset + 1800)) { _ in worker })
        }
        return log
    }

    /// `lamps` signed in again later and mid-way through the first steps: the cell is in use.
    static func signedIn(_ log: TraceLog) throws {
        let all = try TraceLog.records("led-streetlight-40w.trace", start: TraceLog.day.adding(seconds: 6 * 3600))
        try log.quality.append(Array(all.prefix { $0.kind != .cycleDone }.prefix(6)))
    }

    static func csv(_ browser: Browser, _ path: String) async throws -> [String] {
        try await browser.get(path).body.split(separator: "\r\n").map(String.init)
    }

    @Test func cellsShowStepAndLevelOnlyToTheWorkersCoach() async throws {
        let log = try TraceLog()
        try Self.signedIn(log)
        try await Application(router: log.dashboard().router()).test(.router) { client in
            for name in ["erik", "mara"] {
                var reader = Browser(client: client)
                _ = try await reader.signIn(name, TraceLog.password)
                let rows = try await Self.csv(reader, "/cells?format=csv")
                #expect(rows.first == "cell,faults,state,set", "\(name)")
                #expect(rows.contains { $0.hasPrefix("demo-cell,none,in use,led-streetlight") }, "\(name): \(rows)")
                let page = try await reader.get("/cells").body
                #expect(!page.contains("<th>guidance</th>") && !page.contains("<th>current step</th>"))
                #expect(!page.contains(TraceLog.lamps.rawValue))
            }
            var cole = Browser(client: client)
            _ = try await cole.signIn("cole", TraceLog.password)
            let foreign = try await Self.csv(cole, "/cells?format=csv")
            #expect(foreign.contains("demo-cell,none,in use,–,–,–,–,led-streetlight,–"), "\(foreign)")
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            let own = try #require(try await Self.csv(cora, "/cells?format=csv").first { $0.hasPrefix("demo-cell,") })
            #expect(own.contains(TraceLog.lamps.rawValue) && own.contains(",full,"), "\(own)")
        }
        let reads = try log.store.auditEntries(worker: TraceLog.lamps).filter { $0.action.hasSuffix("-cells") }
        #expect(
            !reads.isEmpty && Set(reads.map(\.account)) == ["cora"],
            "only the coach's read named the worker, and it is audited")
    }

    @Test func daysWithFewerThanThreeWorkersShowNoCounts() async throws {
        let small = try TraceLog()
        try await Application(router: small.dashboard().router()).test(.router) { client in
            for name in ["mara", "erik", "cora"] {
                var reader = Browser(client: client)
                _ = try await reader.signIn(name, TraceLog.password)
                let rows = try await Self.csv(reader, "/days?format=csv")
                #expect(
                    rows.dropFirst().allSatisfy { $0.hasSuffix(",fewer than 3 workers") && $0.contains(",–,") },
                    "\(name): \(rows)")
                #expect(rows.contains { $0.hasPrefix("2026-01-05,") })
            }
        }
        let crowded = try Self.crowdedLog()
        try await Application(router: crowded.dashboard().router()).test(.router) { client in
            var mara = Browser(client: client)
            _ = try await mara.signIn("mara", TraceLog.password)
            let row = try #require(try await Self.csv(mara, "/days?format=csv").first { $0.hasPrefix("2026-01-05,") })
            #expect(row.hasSuffix(",4") && !row.contains("–"), "four workers that day: \(row)")
        }
    }

    @Test func hotSpotsAndSetTotalsOfFewWorkersAreSuppressed() async throws {
        let small = try TraceLog()
        try await Application(router: small.dashboard().router()).test(.router) { client in
            for name in ["erik", "mara", "cora"] {
                var reader = Browser(client: client)
                _ = try await reader.signIn(name, TraceLog.password)
                let spots = try await Self.csv(reader, "/sets/car-seat?table=hotspots&format=csv")
                #expect(
                    spots.count > 2 && spots.dropFirst().allSatisfy { $0.contains(",fewer than 3 workers,") },
                    "\(name): \(spots)")
                let sets = try await Self.csv(reader, "/sets?format=csv")
                #expect(sets.dropFirst().allSatisfy { $0.hasSuffix(",fewer than 3 workers") }, "\(name): \(sets)")
                #expect(!(try await reader.get("/sets/car-seat").body.contains("class=\"bar\"")))
            }
        }
        let crowded = try Self.crowdedLog()
        try await Application(router: crowded.dashboard().router()).test(.router) { client in
            var erik = Browser(client: client)
            _ = try await erik.signIn("erik", TraceLog.password)
            let spots = try await Self.csv(erik, "/sets/led-streetlight?table=hotspots&format=csv")
            #expect(
                spots.contains { $0.hasPrefix("3.2,pick-housing,15,") }, "three workers, five cycles each: \(spots)")
            #expect(spots.allSatisfy { !$0.contains("fewer than") })
        }
    }

    @Test func theMinimumGroupIsASettingWithAFloorOfThree() async throws {
        #expect(MinimumGroup(2) == nil && MinimumGroup(0) == nil && MinimumGroup(-1) == nil)
        #expect(MinimumGroup(3) == .standard && MinimumGroup(5)?.k == 5)
        let crowded = try Self.crowdedLog()
        let strict = Dashboard(
            store: crowded.store, secureCookies: false, minimumGroup: MinimumGroup(5)!,
            now: { TraceLog.now })
        try await Application(router: strict.router()).test(.router) { client in
            var mara = Browser(client: client)
            _ = try await mara.signIn("mara", TraceLog.password)
            let row = try #require(try await Self.csv(mara, "/days?format=csv").first { $0.hasPrefix("2026-01-05,") })
            #expect(row.hasSuffix(",fewer than 5 workers"), "\(row)")
        }
    }

    @Test func retainedDayTotalsKeepTheirWorkerCount() async throws {
        let log = try Self.crowdedLog(daysAgo: 40)
        let before = try await PrivacyTests.hotSpotsCSV(log)
        #expect(try log.store.applyRetention(before: Instant(seconds: TraceLog.now.seconds - 30 * 86_400)) > 0)
        let after = try await PrivacyTests.hotSpotsCSV(log)
        #expect(before.contains(",15,") && !before.contains("fewer than"))
        #expect(Set(after.split(separator: "\r\n")) == Set(before.split(separator: "\r\n")))
        #expect(try log.store.stepDayAggregates(instructionSet: "led-streetlight").allSatisfy { $0.workers == 3 })
    }

    @Test func dayTotalsKeptBeforeWorkersWereCountedAreSuppressed() async throws {
        let log = try Self.crowdedLog(daysAgo: 40)
        _ = try log.store.applyRetention(before: Instant(seconds: TraceLog.now.seconds - 30 * 86_400))
        try await DatabaseQueue(path: log.path).write { db in
            try db.execute(sql: "UPDATE step_day_aggregate SET workers = NULL")
        }
        let csv = try await PrivacyTests.hotSpotsCSV(log)
        let rows = csv.split(separator: "\r\n").dropFirst()
        #expect(!rows.isEmpty && rows.allSatisfy { $0.contains("fewer than 3 workers") }, "\(csv)")
    }
}
