import Foundation
import Hummingbird
import HummingbirdTesting
import StepwiseCore
import StepwiseDashboard
import Testing

/// Each page answers its question from the log the real core wrote.
@Suite struct PageTests {
    @Test func cellStatusShowsTheCurrentStepLevelAndFaults() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            let page = try await cora.get("/cells")
            #expect(page.status == .ok)
            #expect(page.body.contains("demo-cell"))
            #expect(page.body.contains("<th>current step</th>") && page.body.contains("<th>faults</th>"))
        }
    }

    @Test func theWorkerPageDrawsTheLearningCurveAndGivesReasons() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            let page = try await cora.get("/workers/\(TraceLog.lamps)")
            #expect(page.status == .ok)
            #expect(page.body.contains("<svg class=\"chart\""))
            #expect(page.body.components(separatedBy: "<circle").count - 1 == 5, "five cycles, five points")
            #expect(page.body.contains("median of last 5"))
            #expect(page.body.contains("Guidance level over time"))
            let records = try log.quality.records(worker: TraceLog.lamps)
            let reason = try #require(records.first { $0.kind == .levelChanged }?.detail)
            #expect(
                page.body.contains(
                    reason.replacingOccurrences(of: "<", with: "&lt;")
                        .replacingOccurrences(of: ">", with: "&gt;")))
            #expect(page.body.contains("Errors and help per step"))
            #expect(!page.body.contains("<script"))
        }
    }

    @Test func hotSpotsCountTroublePerStepAndVersion() async throws {
        // Three workers: fewer would be suppressed (KAnonymityTests).
        let log = try KAnonymityTests.crowdedLog()
        let records = try log.quality.records()
        let wrongSteps = records.filter { $0.kind == .wrongAction && $0.instructionSet == "led-streetlight" }
        #expect(!wrongSteps.isEmpty, "the demo trace has a wrong pick")
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var erik = Browser(client: client)
            _ = try await erik.signIn("erik", TraceLog.password)
            let csv = try await erik.get("/sets/led-streetlight?table=hotspots&format=csv")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = csv.body.split(separator: "\r\n").map(String.init)
            #expect(lines.first?.hasPrefix("version,step,runs") == true)
            let wrongTotal = lines.dropFirst().compactMap { Int($0.split(separator: ",")[4]) }.reduce(0, +)
            #expect(wrongTotal == wrongSteps.count)
            #expect(lines.contains { $0.hasPrefix("3.2,pick-housing,15,") })
        }
    }

    @Test func aUnitRecordSaysWhatConfirmedEachStepAndWhen() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            let link = try #require(AccessTests.firstUnitLink(try await cora.get("/sets/led-streetlight").body))
            let unit = try await cora.get(link)
            #expect(unit.status == .ok)
            #expect(unit.body.contains("Quality record of a unit") && unit.body.contains("sensor"))
            #expect(unit.body.contains("check-label") && unit.body.contains(TraceLog.lamps.rawValue))
            var cole = Browser(client: client)
            _ = try await cole.signIn("cole", TraceLog.password)
            #expect(try await cole.get(link).status == .forbidden)
        }
    }

    @Test func everyTableExportsAsJSON() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            for table in ["cycles", "guidance", "steps", "audit"] {
                let page = try await cora.get("/workers/\(TraceLog.lamps)?table=\(table)&format=json")
                #expect(page.status == .ok, "\(table)")
                let rows = try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [[String: String]]
                #expect(rows != nil, "\(table)")
            }
            let cycles = try await cora.get("/workers/\(TraceLog.lamps)?table=cycles&format=json")
            let rows = try #require(
                try JSONSerialization.jsonObject(with: Data(cycles.body.utf8)) as? [[String: String]])
            #expect(rows.count == 5 && rows.allSatisfy { $0["instruction set"] == "led-streetlight" })
            #expect(try await cora.get("/cells?table=cells&format=xml").status == .notFound)
        }
    }

    @Test func readsOfIndividualDataAreAuditLogged() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            _ = try await cora.get("/workers/\(TraceLog.lamps)")
            _ = try await cora.get("/workers/\(TraceLog.lamps)?table=cycles&format=csv")
            let entries = try log.store.auditEntries(worker: TraceLog.lamps)
            #expect(entries.map(\.action).sorted() == ["export-worker", "read-worker"])
            #expect(entries.allSatisfy { $0.account == "cora" && $0.at == TraceLog.now })
            var mara = Browser(client: client)
            _ = try await mara.signIn("mara", TraceLog.password)
            let audit = try await mara.get("/audit")
            #expect(audit.body.contains("read-worker") && !audit.body.contains(TraceLog.lamps.rawValue))
        }
    }
}
