import Foundation
import Hummingbird
import HummingbirdTesting
import StepwiseCore
@testable import StepwiseDashboard
import Testing

/// Every read of individual data is in the trail of every worker it named, and a coach's view of
/// the trail names only workers that coach follows.
@Suite struct AuditTrailTests {
    @Test func theUnitsTableOfASetIsAuditedForTheWorkersShown() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            #expect(try await cora.get("/sets/led-streetlight").body.contains("Recent units"))
            _ = try await cora.get("/sets/led-streetlight?table=hotspots&format=csv")
            _ = try await cora.get("/sets/led-streetlight?table=units&format=csv")
            var erik = Browser(client: client)
            _ = try await erik.signIn("erik", TraceLog.password)
            _ = try await erik.get("/sets/car-seat")
        }
        let lamps = try log.store.auditEntries(worker: TraceLog.lamps)
        #expect(lamps.map(\.action) == ["export-units", "read-units"], "the hot-spot export is no read of a worker")
        #expect(
            lamps.allSatisfy {
                $0.account == "cora" && $0.workers == [TraceLog.lamps] && $0.details == "led-streetlight"
            })
        let seats = try log.store.auditEntries(worker: TraceLog.seats)
        #expect(seats.map(\.action) == ["read-units"] && seats.first?.account == "erik")
    }

    @Test func aReadThatNamedSeveralWorkersIsInEachWorkersTrail() throws {
        let log = try TraceLog()
        let cole = Account(name: "cole", role: .coach)
        try log.store.audit(cole, action: "read-cells", workers: [TraceLog.seats, TraceLog.lamps], at: TraceLog.now)
        for worker in [TraceLog.lamps, TraceLog.seats] {
            let entries = try log.store.auditEntries(worker: worker)
            #expect(entries.count == 1 && entries.first?.workers == [TraceLog.lamps, TraceLog.seats], "\(worker)")
        }
        #expect(try log.store.auditEntries(worker: "w-1a2b3").isEmpty, "membership, not a prefix")
    }

    @Test func aCoachSeesOnlyWorkersTheyFollowInTheTrailDetails() async throws {
        let log = try TraceLog()
        // lamps has two coaches; cole also coaches seats, cora does not.
        try log.store.assign(worker: TraceLog.lamps, toCoach: "cole")
        try log.store.assign(worker: TraceLog.seats, toCoach: "cole")
        try log.store.audit(
            Account(name: "cole", role: .coach), action: "read-cells",
            workers: [TraceLog.lamps, TraceLog.seats], at: TraceLog.now)
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            let coras = try await cora.get("/workers/\(TraceLog.lamps)?table=audit&format=csv").body
            #expect(coras.contains("cole,coach,read-cells") && !coras.contains(TraceLog.seats.rawValue), "\(coras)")
            var cole = Browser(client: client)
            _ = try await cole.signIn("cole", TraceLog.password)
            let coles = try await cole.get("/workers/\(TraceLog.lamps)?table=audit&format=csv").body
            #expect(coles.contains("read-cells,with \(TraceLog.seats.rawValue)"), "\(coles)")
        }
    }

    @Test func entriesWrittenBeforeSubjectsWereAListAreReadAfterTheMigration() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "stepwise-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("quality.sqlite").path
        try LegacyDashboardFile.write(
            path: path,
            extra: """
                INSERT INTO audit_log (at_ns, account, role, action, subject) VALUES
                    (1, 'cora', 'coach', 'read-cells', 'w-1a2b3c w-4d5e6f'),
                    (2, 'erik', 'engineer', 'read-unit', '- demo-cell@7'),
                    (3, 'cole', 'coach', 'controls', 'w-4d5e6f car-seat floor=hint ceiling=full lock=none'),
                    (4, 'cora', 'coach', 'read-unit', 'w-1a2b3c demo-cell@9');
                """)
        let reopened = try DashboardStore(path: path)
        let seats = try reopened.auditEntries(worker: TraceLog.seats)
        #expect(seats.map(\.action) == ["controls", "read-cells"])
        #expect(seats.first?.details == "car-seat floor=hint ceiling=full lock=none")
        let lamps = try reopened.auditEntries(worker: TraceLog.lamps)
        #expect(lamps.map(\.details) == ["demo-cell@9", ""])
        let unit = try #require(try reopened.auditEntries().first { $0.account == "erik" })
        #expect(unit.workers.isEmpty && unit.details == "demo-cell@7" && unit.subject == "demo-cell@7")
        #expect(try reopened.account(named: "cora")?.role == .coach, "the accounts stay")
        _ = try DashboardStore(path: path)
        #expect(try reopened.auditEntries().count == 4, "the migration runs once")
    }
}
