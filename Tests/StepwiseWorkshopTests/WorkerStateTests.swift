import Foundation
import Logging
import StepwiseCore
import StepwiseDashboard
import StepwiseLog
import StepwiseTestSupport
import Testing

@testable import StepwiseWorkshop

/// One station of the workshop in these tests: its own log and its uplink's two duties for a
/// worker's state (ship what changed, answer a sign-in's request), run by hand against the server.
private struct TestStation {
    let name: String
    let log: QualityLog
    let uplink: Uplink

    init(_ name: String, url: String) throws {
        self.name = name
        let path = try Repository.scratch(name).appendingPathComponent("q.sqlite").path
        log = try QualityLog(path: path)
        uplink = try Uplink(
            outbox: UplinkOutbox(path: path), address: try CentralAddress.parse(url).get(),
            settings: UplinkSettings(station: name), logger: TestServer.logger)
    }

    /// The link is up: what changed here goes to the server.
    func sync() async throws {
        let store = try await CentralStore.connect(uplink.address, logger: TestServer.logger)
        try await uplink.shipWorkerStates(store)
        await store.close()
    }

    /// A badge login: the profile worker asks, the uplink answers, the worker's profile is read.
    func signIn(_ worker: WorkerPseudonym) async throws -> StoredProfile {
        let asked = try log.askCentral(for: worker)
        let store = try await CentralStore.connect(uplink.address, logger: TestServer.logger)
        try await uplink.answerSignIns(store)
        await store.close()
        #expect(try log.isAnswered(worker, asked: asked))
        return try log.storedProfile(of: worker)
    }

    /// The worker practised here: the station saves what its guidance model learned.
    func practise(_ worker: WorkerPseudonym, _ set: InstructionSetID, _ steps: [String: StepSkill]) throws {
        var skill =
            try log.loadSkill(worker: worker, instructionSet: set) ?? WorkerSkill(worker: worker, instructionSet: set)
        skill.steps.merge(steps) { _, new in new }
        skill.cycles += 1
        try log.append([], skills: [skill])
    }
}

extension CentralServer {
    /// A worker's skills, coach limits and preferences follow the worker between stations through
    /// the real central server, and two stations that changed them while the link was down are
    /// reconciled by the documented rule (`WorkerState.reconciled(with:)`) with nothing lost.
    @Suite struct WorkerStateTests {
        static let worker: WorkerPseudonym = "w-5e7a11ed0001"
        static let set: InstructionSetID = "led-streetlight"

        @Test func stationBShowsTheLevelsTheWorkerReachedAtStationA() async throws {
            let url = try await TestServer.freshDatabase()
            let (a, b) = (try TestStation("station-a", url: url), try TestStation("station-b", url: url))
            for run in 1...30 {
                let level: GuidanceLevel = run < 10 ? .full : run < 20 ? .hint : .silent
                try a.practise(
                    Self.worker, Self.set,
                    [
                        "fit-lens": StepSkill(level: level, runs: run),
                        "screw": StepSkill(level: level.raised, runs: run),
                    ])
            }
            try a.log.savePreferences(WorkerPreferences(textScale: 1.5, language: "tr"), worker: Self.worker)
            try await a.sync()
            #expect(try a.log.waitingWorkerStateCount() == 0, "acknowledged once committed")

            let atB = try await b.signIn(Self.worker)
            let skill = try #require(atB.skills.first)
            #expect(skill.steps["fit-lens"] == StepSkill(level: .silent, runs: 30))
            #expect(skill.steps["screw"]?.level == .location)
            #expect(skill.cycles == 30)
            #expect(atB.preferences == WorkerPreferences(textScale: 1.5, language: "tr"))
            #expect(try b.log.loadSkill(worker: Self.worker, instructionSet: Self.set) == skill, "B keeps its copy")
        }

        @Test func aFloorSetOnTheCentralDashboardAppliesAtTheNextSignInAnywhere() async throws {
            let url = try await TestServer.freshDatabase()
            let (a, b) = (try TestStation("station-a", url: url), try TestStation("station-b", url: url))
            try a.practise(Self.worker, Self.set, ["fit-lens": StepSkill(level: .silent, runs: 25)])
            try await a.sync()
            try await PostgresWorkshopTests.ship(
                [PostgresWorkshopTests.record(.stepDone, cell: "bench-a", at: 1, step: "fit-lens")], as: "station-a",
                url: url)
            // The coach's form on `stepwise serve --postgres` takes this path (checks, store, audit).
            let floor = try await PostgresWorkshopTests.blocking {
                try DashboardStore(workshop: PostgresWorkshop(try CentralAddress.parse(url).get())).editControls(
                    worker: Self.worker, set: Self.set, edit: CoachControlsEdit(floor: .hint), actor: "cli:anna",
                    at: PostgresWorkshopTests.start)
            }
            #expect(floor == CoachControls(floor: .hint))
            let stored = try await PostgresWorkshopTests.blocking {
                try PostgresWorkshop(try CentralAddress.parse(url).get()).loadSkill(
                    worker: Self.worker, instructionSet: Self.set)
            }
            #expect(stored?.controls.floor == .hint)
            #expect(stored?.steps["fit-lens"]?.level == .silent, "the dashboard changes the limits only")
            for station in [b, a] {
                let skill = try #require(try await station.signIn(Self.worker).skills.first)
                #expect(skill.controls.floor == .hint, "\(station.name)")
                #expect(skill.steps["fit-lens"]?.runs == 25, "\(station.name)")
            }
            // The daemon at A saves what it learns: the coach's floor stays, there and on the server.
            try a.practise(Self.worker, Self.set, ["fit-lens": StepSkill(level: .silent, runs: 26)])
            try await a.sync()
            let central = try await PostgresWorkshopTests.blocking {
                try PostgresWorkshop(try CentralAddress.parse(url).get()).workerState(of: Self.worker)
            }
            #expect(central.sets[Self.set]?.limits?.value.floor == .hint)
            #expect(central.sets[Self.set]?.steps["fit-lens"]?.value.runs == 26)
        }

        @Test func twoStationsOfflineAreReconciledByTheRuleAndNothingIsLost() async throws {
            let url = try await TestServer.freshDatabase()
            let (a, b) = (try TestStation("station-a", url: url), try TestStation("station-b", url: url))
            try a.practise(
                Self.worker, Self.set,
                ["fit-lens": StepSkill(level: .hint, runs: 10), "screw": StepSkill(level: .hint, runs: 10)])
            try await a.sync()
            _ = try await b.signIn(Self.worker)

            // The link goes down. The worker goes on at A, then at B; a coach sets limits at each.
            try a.practise(Self.worker, Self.set, ["fit-lens": StepSkill(level: .silent, runs: 25)])
            try a.log.saveControls(CoachControls(floor: .location), worker: Self.worker, instructionSet: Self.set)
            try a.practise(Self.worker, "only-at-a", ["pack": StepSkill(level: .location, runs: 7)])
            try b.practise(
                Self.worker, Self.set,
                ["fit-lens": StepSkill(level: .hint, runs: 13), "screw": StepSkill(level: .location, runs: 16)])
            try b.log.saveControls(CoachControls(locked: .full), worker: Self.worker, instructionSet: Self.set)
            let atA = try a.log.workerState(of: Self.worker)
            let atB = try b.log.workerState(of: Self.worker)
            let expected = atA.reconciled(with: atB)

            // The link is back: B's uplink happens to ship first.
            try await b.sync()
            try await a.sync()
            let central = try await PostgresWorkshopTests.blocking {
                try PostgresWorkshop(try CentralAddress.parse(url).get()).workerState(of: Self.worker)
            }
            #expect(central.sets == expected.sets, "the server's upserts apply the rule")
            let merged = try #require(central.sets[Self.set])
            #expect(merged.steps["fit-lens"]?.value == StepSkill(level: .silent, runs: 25), "A's fuller copy")
            #expect(merged.steps["screw"]?.value == StepSkill(level: .location, runs: 16), "B's fuller copy")
            #expect(merged.limits?.value == CoachControls(locked: .full), "the later coach change")
            #expect(central.sets["only-at-a"]?.steps["pack"]?.value.runs == 7)

            for station in [a, b] {
                let profile = try await station.signIn(Self.worker)
                #expect(
                    Dictionary(uniqueKeysWithValues: profile.skills.map { ($0.instructionSet, $0.steps) })
                        == expected.sets.mapValues { $0.steps.mapValues(\.value) }, "\(station.name)")
            }
        }

        @Test func anErasureRemovesTheWorkersStateOnTheServerAndAtEachStation() async throws {
            let url = try await TestServer.freshDatabase()
            let a = try TestStation("station-a", url: url)
            try a.practise(Self.worker, Self.set, ["fit-lens": StepSkill(level: .hint, runs: 5)])
            try a.log.savePreferences(WorkerPreferences(highContrast: true), worker: Self.worker)
            try await a.sync()
            try a.practise(Self.worker, Self.set, ["fit-lens": StepSkill(level: .hint, runs: 6)])
            let central = try await PostgresWorkshopTests.blocking {
                let workshop = try PostgresWorkshop(try CentralAddress.parse(url).get())
                _ = try workshop.eraseWorker(Self.worker)
                return try workshop.workerState(of: Self.worker)
            }
            #expect(central == WorkerState(worker: Self.worker))
            let store = try await CentralStore.connect(a.uplink.address, logger: TestServer.logger)
            try await a.uplink.applyErasures(store)
            try await a.uplink.shipWorkerStates(store)
            await store.close()
            #expect(try a.log.workerState(of: Self.worker) == WorkerState(worker: Self.worker))
            let after = try await PostgresWorkshopTests.blocking {
                try PostgresWorkshop(try CentralAddress.parse(url).get()).workerState(of: Self.worker)
            }
            #expect(after == WorkerState(worker: Self.worker), "nothing of the erased worker is shipped again")
        }

        /// The real processes: `stepwised` replays a worker at station s1, its running uplink ships
        /// what the daemon learned; at s2 a sign-in's request is answered by s2's running uplink.
        @Test func aWorkersSkillsTravelThroughTwoRunningUplinks() async throws {
            let url = try await TestServer.freshDatabase()
            let folder = try Workspace.scratch()
            let (a, b) = (try Station("s1", serverURL: url, in: folder), try Station("s2", serverURL: url, in: folder))
            try a.startUplink(batch: 50)
            try b.startUplink(batch: 50)
            defer {
                a.stopUplink()
                b.stopUplink()
            }
            let daemon = try a.replay(times: 2, speed: 200)
            daemon.waitUntilExit()
            let (logA, logB) = (try QualityLog(path: a.db), try QualityLog(path: b.db))
            let worker = try #require(try a.workers().first)
            #expect(try a.wait(upTo: 60) { try logA.waitingWorkerStateCount() == 0 }, "s1 did not ship the state")
            let atA = try logA.storedProfile(of: worker).skills
            #expect(atA.contains { !$0.steps.isEmpty }, "the daemon learned nothing")
            let asked = try logB.askCentral(for: worker)
            #expect(try b.wait(upTo: 60) { try logB.isAnswered(worker, asked: asked) }, "s2's uplink did not answer")
            #expect(try logB.storedProfile(of: worker).skills.map(\.steps) == atA.map(\.steps))
        }
    }
}
