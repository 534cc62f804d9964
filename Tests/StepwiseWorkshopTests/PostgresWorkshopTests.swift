import Foundation
import StepwiseCore
import StepwiseDashboard
import StepwiseLog
import StepwiseTestSupport
import Testing

@testable import StepwiseWorkshop

extension CentralServer {
    /// The dashboard's store over the real central server: records of several stations read back as
    /// the stations wrote them, and accounts, sessions, audit, throttle, retention and erasure kept
    /// once for the workshop. The store blocks, so these tests call it from their own thread.
    @Suite struct PostgresWorkshopTests {
        static let start = Instant(seconds: 1_767_596_400)  // 2026-01-05 07:00 UTC

        static func record(_ kind: QualityRecord.Kind, cell: String, at seconds: Double, step: String? = nil)
            -> QualityRecord
        {
            QualityRecord(
                at: start.adding(seconds: seconds), kind: kind, cell: CellID(cell), worker: WorkerPseudonym("w-aa0001"),
                instructionSet: InstructionSetID("led-streetlight"), version: "3.2", cycle: 1,
                step: step.map { StepID($0) },
                level: .hint, durationSeconds: kind == .stepDone ? 4.5 : nil, detail: "tab\there")
        }

        /// Ships `records` as station `station` (row ids from 1) and returns them.
        static func ship(_ records: [QualityRecord], as station: String, url: String) async throws {
            let store = try await CentralStore.connect(try CentralAddress.parse(url).get(), logger: TestServer.logger)
            let batch = records.enumerated().map { OutboxRecord(localID: Int64($0.offset + 1), record: $0.element) }
            try await store.ship(
                batch, report: StationReport(station: station, pendingAfter: 0, lagSeconds: 0), method: .copy)
            await store.close()
        }

        /// Runs blocking store calls on a thread of their own, as the dashboard does (`StoreWork`).
        static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
            try await withCheckedThrowingContinuation { done in
                Thread.detachNewThread { done.resume(with: Result { try work() }) }
            }
        }

        @Test func readsEveryStationsRecordsAsWritten() async throws {
            let url = try await TestServer.freshDatabase()
            let a = [
                Self.record(.stepDone, cell: "bench-a", at: 1, step: "fit-lens"),
                Self.record(.cycleDone, cell: "bench-a", at: 9),
            ]
            let b = [Self.record(.stepDone, cell: "bench-b", at: 5, step: "fit-lens")]
            try await Self.ship(a, as: "station-a", url: url)
            try await Self.ship(b, as: "station-b", url: url)
            let (records, stations, sets, knows) = try await Self.blocking {
                let workshop = try PostgresWorkshop(try CentralAddress.parse(url).get())
                return (
                    try workshop.records(), try workshop.stations(), try workshop.knownInstructionSets(),
                    try workshop.knowsWorker(WorkerPseudonym("w-aa0001"))
                )
            }
            #expect(records == [a[0], b[0], a[1]], "every station's records, in time order, field for field")
            #expect(stations.map(\.id) == ["station-a", "station-b"])
            #expect(stations.map(\.cell) == [CellID("bench-a"), CellID("bench-b")])
            #expect(stations.allSatisfy { $0.setsInUse == "led-streetlight@3.2" && $0.lastContact != nil })
            #expect(sets == [InstructionSetID("led-streetlight")])
            #expect(knows)
        }

        @Test func cellsFromLookUpsMatchTheWholeLog() async throws {
            let url = try await TestServer.freshDatabase()
            let records = RandomLog.records(300, seed: 11)
            try await Self.ship(records, as: "station-a", url: url)
            let deciding = try await Self.blocking {
                try PostgresWorkshop(try CentralAddress.parse(url).get()).recordsDecidingCells()
            }
            #expect(CellStatus.build(deciding) == CellStatus.build(records))
            #expect(deciding.count < records.count)
            let summaries = try await Self.blocking {
                try PostgresWorkshop(try CentralAddress.parse(url).get()).setSummaries()
            }
            #expect(summaries == SetSummary.build(records))
            let days = try await Self.blocking { try PostgresWorkshop(try CentralAddress.parse(url).get()).dayCounts() }
            #expect(days == DayCounts.build(records))
            try await Self.blocking {
                let workshop = try PostgresWorkshop(try CentralAddress.parse(url).get())
                let ordered = try workshop.records()
                for summary in summaries {
                    let set = summary.instructionSet
                    #expect(try workshop.stepTotals(of: set).rounded == StepTotals.build(ordered, of: set).rounded)
                    let units = ordered.filter { $0.kind == .cycleDone && $0.instructionSet == set }
                    #expect(
                        try workshop.recentUnits(of: set, workers: nil, limit: 7) == Array(units.suffix(7).reversed()))
                    let one = try #require(units.last?.worker)
                    #expect(
                        try workshop.recentUnits(of: set, workers: [one], limit: 50)
                            == Array(units.filter { $0.worker == one }.suffix(50).reversed()))
                }
            }
        }

        @Test func accountsSessionsAuditAndThrottleAreKeptCentrally() async throws {
            let url = try await TestServer.freshDatabase()
            try await Self.blocking {
                let store = try DashboardStore(workshop: PostgresWorkshop(try CentralAddress.parse(url).get()))
                let hasher = PasswordHasher(rounds: 1 << 10, blockSize: 8, parallelism: 1)
                try store.addAccount(
                    name: "anna", role: .coach, password: "lantern ferry quartz", hasher: hasher, now: Self.start)
                #expect(throws: DashboardError.accountExists("anna")) {
                    try store.addAccount(
                        name: "anna", role: .manager, password: "lantern ferry quartz", hasher: hasher, now: Self.start)
                }
                #expect(
                    try store.signIn(name: "anna", password: "wrong one here", address: "10.0.0.7", now: Self.start)
                        == .wrong)
                #expect(try store.signInFailureRows().count == 3, "the pair, the name and the address each counted")
                guard
                    case .signedIn(let account) = try store.signIn(
                        name: "anna", password: "lantern ferry quartz", address: "10.0.0.7", now: Self.start)
                else {
                    Issue.record("the right password did not sign in")
                    return
                }
                let (token, _) = try store.startSession(for: account, now: Self.start)
                #expect(try store.session(token: token, now: Self.start)?.account.name == "anna")
                #expect(try store.session(token: token, now: Self.start.adding(seconds: 86_400 * 30)) == nil, "expired")
                try store.assign(worker: WorkerPseudonym("w-aa0001"), toCoach: "anna")
                try store.audit(account, action: "read-worker", workers: [WorkerPseudonym("w-aa0001")], at: Self.start)
                let trail = try store.auditEntries(worker: WorkerPseudonym("w-aa0001"))
                #expect(trail.map(\.action) == ["read-worker"] && trail.first?.at == Self.start)
                try store.endSession(token: token)
                #expect(try store.session(token: token, now: Self.start) == nil)
            }
        }

        @Test func retentionFoldsIntoDayTotalsAndErasureLeavesATombstone() async throws {
            let url = try await TestServer.freshDatabase()
            let records = (0..<4).map { Self.record(.stepDone, cell: "bench-a", at: Double($0), step: "fit-lens") }
            try await Self.ship(records, as: "station-a", url: url)
            try await Self.ship(records, as: "station-b", url: url)
            let (removed, totals, erased, left) = try await Self.blocking {
                let workshop = try PostgresWorkshop(try CentralAddress.parse(url).get())
                let removed = try workshop.applyRetention(before: Self.start.adding(seconds: 2))
                let totals = try workshop.stepDayTotals(instructionSet: nil)
                return (removed, totals, try workshop.eraseWorker(WorkerPseudonym("w-aa0001")), try workshop.records())
            }
            #expect(removed == 4, "two records before the cutoff at each of two stations")
            #expect(totals.count == 1 && totals.first?.runs == 4 && totals.first?.totalSeconds == 18)
            #expect(totals.first?.workers == 1, "the same worker at two stations counts once")
            #expect(erased == 4 && left.isEmpty)
            let tombstones = try await TestServer.withConnection(url) { connection in
                try await connection.query("SELECT worker FROM erased_worker", logger: TestServer.logger).collect()
                    .count
            }
            #expect(tombstones == 1)
        }
    }
}
