import Foundation
import StepwiseTestSupport
import Testing

/// The central dashboard as a supervisor reaches it: an account made with `stepwise user add
/// --postgres-url-file`, `stepwise serve --postgres-url-file` on a free port, and curl signing in
/// through the login form (its cookie and hidden token) before reading a page.
enum CentralDashboard {
    static let password = "lantern ferry quartz"

    /// Returns the body of `path` as the manager sees it.
    static func read(_ path: String, urlFile: String, in dir: URL) throws -> String {
        let added = try ToolProcess.run(
            Workspace.stepwise, ["user", "add", "boss", "--role", "manager", "--postgres-url-file", urlFile],
            input: password + "\n")
        #expect(added.status == 0, "user add: \(added.stderr)")
        let port = Int.random(in: 20_000...40_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: Workspace.stepwise)
        server.arguments = ["serve", "--postgres-url-file", urlFile, "--port", String(port)]
        server.standardInput = FileHandle.nullDevice
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        #expect(out.read(until: "dashboard on").contains("dashboard on"), "serve --postgres did not start")
        let base = "http://127.0.0.1:\(port)"
        let jar = dir.appendingPathComponent("cookies-\(port)").path
        let form = try curl(["-c", jar, "-b", jar, base + "/login"])
        guard
            let token = form.range(of: #"name="login" value="([^"]+)""#, options: .regularExpression)
                .map({ String(form[$0].dropFirst(20).dropLast()) })
        else {
            Issue.record("no login token in: \(form.prefix(300))")
            return ""
        }
        _ = try curl([
            "-c", jar, "-b", jar, "-d", "login=\(token)", "-d", "name=boss", "--data-urlencode", "password=\(password)",
            base + "/login",
        ])
        return try curl(["-b", jar, base + path])
    }

    private static func curl(_ arguments: [String]) throws -> String {
        let result = try ToolProcess.run("/usr/bin/curl", ["-sS", "--max-time", "20"] + arguments)
        #expect(result.status == 0, "curl \(arguments.last ?? ""): \(result.stderr)")
        return String(decoding: result.stdout, as: UTF8.self)
    }
}
