import ArgumentParser
import Foundation
import StepwiseBench

extension Bench {
    struct DashboardCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dashboard",
            abstract: "Every dashboard page's p50/p99 on a full scratch log (or a scratch central server), with "
                + "browsers and a writing station at once; the sign-in page idle and under that load.")

        @Option(help: "Records in the scratch log (1,000 to 10,000,000).")
        var records: Int = 1_000_000
        @Option(help: "Signed-in browsers asking for pages back to back (1 to 64).")
        var clients: Int = 8
        @Option(help: "Seconds of load (1 to 3,600).")
        var seconds: Double = 30
        @Option(help: "Records the station writes a second during the load (0.1 to 10,000).")
        var writes: Double = 20
        @OptionGroup var server: CentralServerOptions
        @Option(help: "With a central server: made-up stations the records are spread over (1 to 1,000).")
        var stations: Int = 40
        @Flag(help: "Print one JSON object instead of the table.")
        var json = false

        func run() async throws {
            guard (1000...10_000_000).contains(records) else {
                throw CommandSupport.fail("--records \(records): expected 1000 to 10000000")
            }
            guard (1...64).contains(clients) else {
                throw CommandSupport.fail("--clients \(clients): expected 1 to 64")
            }
            guard (1...3600).contains(seconds) else {
                throw CommandSupport.fail("--seconds \(seconds): expected 1 to 3600")
            }
            guard (0.1...10_000).contains(writes) else {
                throw CommandSupport.fail("--writes \(writes): expected 0.1 to 10000")
            }
            var settings = DashboardBench.Settings()
            settings.records = records
            settings.clients = clients
            settings.seconds = seconds
            settings.writesPerSecond = writes
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-\(getpid())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let result: DashboardBench.Result
            do {
                if server.postgres != nil || server.postgresUrlFile != nil {
                    guard (1...1000).contains(stations) else {
                        throw CommandSupport.fail("--stations \(stations): expected 1 to 1000")
                    }
                    result = try await DashboardBench.run(
                        central: try server.address(), stations: stations, settings: settings)
                } else {
                    result = try await DashboardBench.run(settings: settings, folder: folder)
                }
            } catch {
                throw CommandSupport.fail("bench dashboard: \(error)")
            }
            try Bench.report(result, table: result.table, json: json)
        }
    }
}
