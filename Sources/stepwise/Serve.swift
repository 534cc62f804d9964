import ArgumentParser
import Foundation
import StepwiseDashboard

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "The supervisors' dashboard: cells, learning curves, hot spots and quality records in a browser, for one station (--db) or every station (--postgres)."
    )

    @OptionGroup var store: DashboardStoreOption
    @Option(help: "TCP port.")
    var port: Int = 8080
    @Option(help: "Address to listen on. The default serves this machine only; any other needs a TLS proxy in front.")
    var host: String = "127.0.0.1"
    @Option(help: "The fewest workers a total may count before it is shown (k-anonymity; at least 3).")
    var minGroup: Int = MinimumGroup.standard.k

    func run() async throws {
        guard let minimumGroup = MinimumGroup(minGroup) else {
            throw CommandSupport.fail("--min-group \(minGroup) is too small; expected at least \(MinimumGroup.floor)")
        }
        let opened = try store.open()
        let loopback = Dashboard.isLoopback(host)
        if !loopback {
            FileHandle.standardError.write(
                Data(
                    "stepwise: listening on \(host): cookies are marked Secure, so serve it through HTTPS (a TLS proxy)\n"
                        .utf8))
        }
        try await Dashboard(store: opened, secureCookies: !loopback, minimumGroup: minimumGroup).serve(
            host: host, port: port
        ) { [host, port] _ in
            print("Stepwise dashboard on http://\(host):\(port)/ (Ctrl-C stops it)")
            fflush(nil)  // every stream: a pipe (journald, a test, tee) sees the line now, not at exit
        }
    }
}
