import Foundation

extension DashboardBench.Result {
    /// The figures for a person: one row a page, then the sign-in page idle and under load.
    public var table: String {
        var lines = [
            "\(store), \(records) records, \(clients) browsers for \(Int(seconds)) s, \(written) records written meanwhile",
            "page                           requests    p50 ms    p99 ms",
        ]
        for page in pages + [loginIdle, loginUnderLoad] {
            let name = page.page == "/login" ? (page == loginIdle ? "/login (idle)" : "/login (under load)") : page.page
            lines.append(
                name.padding(toLength: 30, withPad: " ", startingAt: 0)
                    + String(format: " %9d %9.1f %9.1f", page.requests, page.p50Milliseconds, page.p99Milliseconds))
        }
        let ratio = loginUnderLoad.p99Milliseconds / max(loginIdle.p99Milliseconds, 1e-9)
        lines.append(String(format: "sign-in page p99 under load ÷ idle: %.2f", ratio))
        return lines.joined(separator: "\n")
    }
}
