import Foundation
import PostgresNIO
import StepwiseTestSupport
import Testing

@testable import StepwiseWorkshop

extension CentralServer {
    /// `stepwise bench uplink` as an engineer runs it: it ships every record of its scratch log, copies
    /// them once for the ceiling, and leaves nothing of its made-up station on the server. (What it
    /// measures is a benchmark's business, never a test's: only that it measured is checked.)
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
                    "--method", method, "--json",
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

        @Test func outOfRangeRecordsAreRefusedBeforeAnyConnection() throws {
            let run = try ToolProcess.run(
                Workspace.stepwise,
                ["bench", "uplink", "--postgres", "postgres://nobody@localhost/x", "--records", "5"])
            #expect(run.status != 0)
            #expect(run.stderr.contains("--records 5: expected 1000 to 1000000"))
        }
    }
}
