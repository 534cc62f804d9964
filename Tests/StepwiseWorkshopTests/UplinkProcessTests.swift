import Foundation
import StepwiseCore
import StepwiseLog
import StepwiseTestSupport
import Testing

extension CentralServer {
    /// Real `stepwised` replays and real `stepwise uplink` processes against the real server: after
    /// every fault, each station's records are on the server exactly once, in the station's order.
    /// Serialized: one test stops the server the others use.
    @Suite struct UplinkProcessTests {
        /// 0 lost, 0 duplicated, nothing altered: the server holds exactly the station's rows, each
        /// with the time the station logged. (Time order is not row order: a restarted replay starts
        /// its clock again.)
        func expectComplete(_ stations: [Station], url: String) async throws {
            let shipped = try await TestServer.shipped(url)
            for station in stations {
                let local = try station.localRows()
                let central = shipped[station.name] ?? []
                #expect(!local.isEmpty)
                let ids = central.map(\.localID)
                #expect(Set(ids).count == ids.count, "\(station.name): duplicated rows")
                #expect(Set(ids) == Set(local.map(\.localID)), "\(station.name): rows lost or extra")
                #expect(central == local, "\(station.name): a row's time differs from the station's")
            }
        }

        @Test func threeStationsShipIntoOneServerAndOneRestarts() async throws {
            let url = try await TestServer.freshDatabase()
            let dir = try Workspace.scratch()
            let stations = try ["s1", "s2", "s3"].map { try Station($0, serverURL: url, in: dir) }
            for station in stations { try station.startUplink(batch: 50) }
            var daemons = try stations.map { try $0.replay(times: 6, speed: 200) }
            // The third station restarts: its daemon stops after a first replay and a second one goes on.
            daemons[2].waitUntilExit()
            daemons.append(try stations[2].replay(times: 3, speed: 200))
            for daemon in daemons {
                daemon.waitUntilExit()
                #expect(daemon.terminationStatus == 0)
            }
            for station in stations {
                #expect(try station.wait { $0.pending == 0 }, "\(station.name) did not catch up")
                station.stopUplink()
                #expect(station.uplink?.terminationStatus == 0, "SIGTERM stops the uplink cleanly")
            }
            try await expectComplete(stations, url: url)
            let named = try await TestServer.withConnection(url) { connection in
                var names: [String] = []
                for try await name in try await connection.query(
                    "SELECT id FROM station ORDER BY id", logger: TestServer.logger
                ).decode(String.self) { names.append(name) }
                return names
            }
            #expect(named == ["s1", "s2", "s3"])
            let stationsPage = try CentralDashboard.read(
                "/cells?format=csv&table=stations", urlFile: stations[0].urlFile, in: dir)
            for station in stations {
                #expect(stationsPage.contains("\n\(station.name),demo-cell,"), "the dashboard shows \(station.name)")
            }
        }

        /// The server goes away for about 10 s while the station keeps working (a 60 s outage is the
        /// same code path with a longer backoff; the test keeps to the stretch one replay takes), then
        /// comes back: the uplink resumes by itself and nothing is lost or sent twice.
        @Test func serverStoppedDuringReplayThenStarted() async throws {
            let url = try await TestServer.freshDatabase()
            let dir = try Workspace.scratch()
            let station = try Station("outage", serverURL: url, in: dir)
            try station.startUplink(batch: 20)
            let daemon = try station.replay(times: 10, speed: 100)
            #expect(try station.wait { $0.acknowledgedThrough > 0 })
            try TestServer.script("pause")
            let acknowledgedAtStop = try station.backlog().acknowledgedThrough
            try await Task.sleep(for: .seconds(10))
            let duringOutage = try station.backlog()
            #expect(duringOutage.pending > 0, "the station kept logging while the server was away")
            #expect(duringOutage.acknowledgedThrough == acknowledgedAtStop, "nothing acknowledged without a server")
            try TestServer.script("resume")
            daemon.waitUntilExit()
            #expect(try station.wait { $0.pending == 0 }, "the uplink did not resume")
            station.stopUplink()
            try await expectComplete([station], url: url)
        }

        /// kill -9 twenty times mid-shipping: each start resumes from the mark; a batch committed but
        /// not yet marked is sent again and ON CONFLICT keeps it once.
        @Test func uplinkKilledTwentyTimesMidBatch() async throws {
            let url = try await TestServer.freshDatabase()
            let dir = try Workspace.scratch()
            let station = try Station("killed", serverURL: url, in: dir)
            let daemon = try station.replay(times: 20, speed: 1000)
            daemon.waitUntilExit()
            let total = try station.localIDs().count
            var kills = 0
            for _ in 0..<20 {
                let before = try station.backlog().acknowledgedThrough
                try station.startUplink(batch: 10)
                guard try station.wait(upTo: 60, { $0.acknowledgedThrough > before }) else { break }
                station.stopUplink(signal: SIGKILL)
                kills += 1
            }
            #expect(kills == 20)
            #expect(try station.backlog().pending > 0, "the kills came before the end")
            try station.startUplink(batch: 10)
            #expect(try station.wait { $0.pending == 0 })
            station.stopUplink()
            #expect(try station.localIDs().count == total)
            try await expectComplete([station], url: url)
        }

        /// Erasure for the whole workshop: `stepwise erase-worker --postgres-url-file` removes the worker
        /// centrally (audited) and the station's running uplink removes its copy and the badge.
        @Test func centralErasureReachesTheStation() async throws {
            let url = try await TestServer.freshDatabase()
            let station = try Station("s1", serverURL: url, in: try Workspace.scratch())
            try station.startUplink(batch: 50)
            let daemon = try station.replay(times: 2, speed: 200)
            daemon.waitUntilExit()
            #expect(try station.wait { $0.pending == 0 }, "the station did not catch up")
            let workers = try station.workers()
            #expect(workers.count == 1)
            guard let worker = workers.first else { return }
            let erased = try ToolProcess.run(
                Workspace.stepwise,
                ["erase-worker", "--worker", worker.rawValue, "--postgres-url-file", station.urlFile])
            #expect(erased.status == 0, "erase-worker: \(erased.stderr)")
            #expect(
                try station.wait(upTo: 30) { try station.workers().isEmpty }, "the station kept the worker's records")
            station.stopUplink()
            let badges = try await TestServer.withConnection(url) { connection in
                let left = try await connection.query(
                    "SELECT count(*) FROM quality_record WHERE worker = \(worker.rawValue)", logger: TestServer.logger
                ).collect().first?.decode(Int64.self)
                let audited = try await connection.query(
                    "SELECT count(*) FROM audit_log WHERE action = 'erase-worker'", logger: TestServer.logger
                ).collect().first?.decode(Int64.self)
                return (left, audited)
            }
            #expect(badges.0 == 0 && badges.1 == 1)
            let table = try PseudonymRegistry(path: station.folder.appendingPathComponent("pseudonyms.sqlite").path)
            #expect(try table.erase(badge: "BADGE-s1") == nil, "the badge is still bound in the station's table")
        }
    }
}

/// `make test` sets STEPWISE_REQUIRE_POSTGRES=1: then a missing server fails instead of skipping.
@Suite struct TestServerPresence {
    @Test func serverIsThereWhenRequired() {
        if TestServer.required { #expect(TestServer.available, "STEPWISE_REQUIRE_POSTGRES=1 but no server") }
    }
}
