import Foundation
import PostgresNIO
import StepwiseTestSupport
import Testing

@testable import StepwiseWorkshop

extension CentralServer {
    /// `stepwise bench uplink` as an engineer runs it: it ships every record of its scratch log, copies
    /// them once for the ceiling, runs a fleet of stations against the server, and leaves nothing of
    /// its made-up stations on the server. (What it measures is a benchmark's business, never a
    /// test's: only that it measured, and that nothing was lost or stored twice, is checked.)
    @Suite struct UplinkThroughputTests {
        @Test(arguments: ["insert", "copy"])
        func theBenchmarkShipsEveryRecordAndLeavesNothingBehind(method: String) async throws {
            let url = try await TestServer.freshDatabase()
            let dir = try Workspace.scratch()
            let urlFile = dir.appendingPathComponent("central.url").path
            try url.write(toFile: urlFile, atomically: true, encoding: .utf8)
            let run = try ToolProcess.run(
                Workspace.stepwise,
                [
                    "bench", "uplink", "--postgres-url-file", urlFile, "--records", "2000", "--batch", "300",
                    "--method", method, "--fleet-stations", "2", "--fleet-seconds", "1", "--json",
                ])
            #expect(run.status == 0, "\(run.stderr)")
            let result = try JSONDecoder().decode(UplinkThroughput.Result.self, from: run.stdout)
            #expect(result.records == 2000)
            #expect(result.method == method)
            #expect(result.uplinkSeconds > 0 && result.uplinkSeconds.isFinite)
            #expect(result.copySeconds > 0 && result.copySeconds.isFinite)
            #expect(try await TestServer.shipped(url).isEmpty, "the benchmark's station was left on the server")
            let stations = try await TestServer.withConnection(url) { connection in
                try await connection.query("SELECT count(*)::bigint FROM station", logger: TestServer.logger)
                    .collect().first?.decode(Int64.self) ?? -1
            }
            #expect(stations == 0)
        }

        /// Part (b) small: five stations for three seconds, each a real uplink in the bench's process.
        @Test func theFleetLosesNothingStoresNothingTwiceAndReportsItsLag() async throws {
            let url = try await TestServer.freshDatabase()
            let run = try ToolProcess.run(
                Workspace.stepwise,
                try Self.arguments(
                    url, ["--records", "1000", "--fleet-stations", "5", "--fleet-seconds", "3", "--json"]))
            #expect(run.status == 0, "\(run.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
            let required = [
                "ship_records_per_s", "copy_records_per_s", "lag_p50_s", "lag_p99_s", "stations", "lost", "duplicated",
            ]
            #expect(required.filter { object[$0] == nil } == [], "missing keys in \(object.keys.sorted())")
            #expect(object["stations"] as? Int == 5)
            #expect(object["lost"] as? Int == 0)
            #expect(object["duplicated"] as? Int == 0)
            let p50 = try #require(object["lag_p50_s"] as? Double)
            let p99 = try #require(object["lag_p99_s"] as? Double)
            #expect(p50.isFinite && p99.isFinite && 0 < p50 && p50 <= p99, "p50 \(p50), p99 \(p99)")
            // Every station writes at least its burst of 50 in a run shorter than a minute.
            #expect((object["fleet_records"] as? Int ?? 0) >= 5 * 50)
            // The test server runs on this machine, so its CPU is read, never left unknown.
            #expect((object["server_cpu_s"] as? Double).map { $0 >= 0 } == true, "\(object["server_cpu_note"] ?? "")")
            let projection = try #require(object["projection"] as? [String: Any])
            #expect(projection["stations"] as? Int == 1000)
            #expect(projection["server_cores"] is Double)
            #expect(try await TestServer.shipped(url).isEmpty, "the fleet's stations were left on the server")
        }

        @Test func theTableLabelsTheProjection() async throws {
            let url = try await TestServer.freshDatabase()
            let run = try ToolProcess.run(
                Workspace.stepwise,
                try Self.arguments(url, ["--records", "1000", "--fleet-stations", "2", "--fleet-seconds", "1"]))
            #expect(run.status == 0, "\(run.stderr)")
            let text = String(decoding: run.stdout, as: UTF8.self)
            #expect(text.contains("(c) projected, not measured: 1000 stations"), "\(text)")
            #expect(text.contains("lost 0, duplicated 0"), "\(text)")
        }

        /// `bench uplink` with the server's URL in a 0600 file, as a workshop passes it.
        static func arguments(_ url: String, _ more: [String]) throws -> [String] {
            let file = try Workspace.scratch().appendingPathComponent("central.url").path
            try url.write(toFile: file, atomically: true, encoding: .utf8)
            chmod(file, 0o600)
            return ["bench", "uplink", "--postgres-url-file", file] + more
        }

        @Test func outOfRangeRecordsAreRefusedBeforeAnyConnection() throws {
            let run = try ToolProcess.run(
                Workspace.stepwise,
                ["bench", "uplink", "--postgres", "postgres://nobody@localhost/x", "--records", "5"])
            #expect(run.status != 0)
            #expect(run.stderr.contains("--records 5: expected 1000 to 1000000"))
            let fleet = try ToolProcess.run(
                Workspace.stepwise,
                ["bench", "uplink", "--postgres", "postgres://nobody@localhost/x", "--fleet-stations", "0"])
            #expect(fleet.status != 0)
            #expect(fleet.stderr.contains("--fleet-stations 0: expected 1 to 500"))
        }
    }
}
