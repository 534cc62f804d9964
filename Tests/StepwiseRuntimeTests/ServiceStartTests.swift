import StepwiseTestSupport
import Foundation
import Glibc
import Testing

/// The built `stepwised` started exactly as `systemd/stepwised.service` starts it: ExecStart's
/// arguments (folders moved to scratch ones), a new session without a terminal, standard input on
/// /dev/null, output to files, `NOTIFY_SOCKET` and `WATCHDOG_USEC` set, the unit's umask, and, as
/// root, the unit's user with a 0700 state folder like `StateDirectory=`. It must say `READY=1`
/// and stop cleanly on SIGTERM.
@Suite(.serialized) struct ServiceStartTests {
    /// `STEPWISED` runs these against another build (an installed one, or an older one to compare).
    static let binary = ProcessInfo.processInfo.environment["STEPWISED"] ?? Repository.path(".build/debug/stepwised")

    struct Started {
        var process: ServiceProcess
        var messages: [String]
        var stderr: String
        var state: URL
    }

    /// The unit's configuration folder (the Pi cell as `cell.yaml`, the shipped sets) and state
    /// folder in scratch, then the daemon started as the unit would, until `READY=1` or its end.
    func start(as user: (name: String, uid: uid_t, gid: gid_t)?, name: String = #function) throws -> Started {
        let dir = try Repository.scratch(name)
        let configuration = dir.appendingPathComponent("etc"), state = dir.appendingPathComponent("state")
        try FileManager.default.createDirectory(
            at: configuration.appendingPathComponent("Devices"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Repository.path("Devices/pi-cell.yaml"),
            toPath: configuration.appendingPathComponent("Devices/cell.yaml").path)
        try FileManager.default.copyItem(
            atPath: Repository.path("WorkInstructions"),
            toPath: configuration.appendingPathComponent("WorkInstructions").path)
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        chmod(state.path, 0o700)
        if let user { chown(state.path, user.uid, user.gid) }
        let unit = try ServiceUnit.shipped()
        let notify = try NotifySocket(path: dir.appendingPathComponent("notify").path)
        let stderr = dir.appendingPathComponent("stderr").path
        let process = try ServiceProcess(
            binary: Self.binary, arguments: unit.arguments(configuration: configuration.path, state: state.path),
            umask: unit.umask, user: user?.name,
            environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "10000000"],
            stdout: dir.appendingPathComponent("stdout").path, stderr: stderr)
        let messages = notify.messages(until: "READY=1", while: { process.isRunning })
        let said = (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? ""
        return Started(process: process, messages: messages, stderr: said, state: state)
    }

    /// READY=1 arrived, the daemon has no terminal, and SIGTERM ends it with exit code 0.
    func expectReadyAndCleanStop(_ started: Started) {
        #expect(started.messages.contains { $0.contains("READY=1") }, "no READY=1; stderr: \(started.stderr)")
        #expect(started.process.isRunning, "ended early; stderr: \(started.stderr)")
        #expect(getsid(started.process.pid) == started.process.pid, "a session of its own: no controlling terminal")
        kill(started.process.pid, SIGTERM)
        #expect(started.process.waitForExit() == 0)
    }

    @Test func startsAsTheUnitDoes() throws {
        expectReadyAndCleanStop(try start(as: nil))
    }

    @Test(.enabled(if: getuid() == 0, "needs root: only root can create the unit's user and switch to it"))
    func startsAsTheUnitsUserWithItsStateFolder() throws {
        let unit = try ServiceUnit.shipped()
        let user = try #require(ServiceUser.ensure(unit.user), "useradd --system \(unit.user) failed")
        let started = try start(as: (unit.user, user.uid, user.gid))
        expectReadyAndCleanStop(started)
        // The log was made by the unit's user, private to it (UMask=0077).
        var info = stat()
        let db = started.state.appendingPathComponent("quality.sqlite").path
        #expect(stat(db, &info) == 0, "no log at \(db); stderr: \(started.stderr)")
        #expect(info.st_uid == user.uid)
        #expect(info.st_mode & 0o077 == 0)
    }
}
