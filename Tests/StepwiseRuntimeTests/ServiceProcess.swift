import StepwiseTestSupport
import Foundation
import Glibc

/// What `systemd/stepwised.service` says about starting the daemon, read from the unit itself so
/// the tests follow it: ExecStart's arguments, the user and the umask.
struct ServiceUnit {
    var arguments: [String]
    var user: String
    var umask: String

    static func shipped() throws -> ServiceUnit {
        let text = try String(contentsOfFile: Repository.path("systemd/stepwised.service"), encoding: .utf8)
        func value(_ key: String) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
        }
        let exec = (value("ExecStart") ?? "").split(separator: " ").map(String.init)
        return ServiceUnit(
            arguments: Array(exec.dropFirst()), user: value("User") ?? "root", umask: value("UMask") ?? "0022")
    }

    /// ExecStart's arguments with the unit's folders (`/etc/stepwise`, `/var/lib/stepwise`) moved to scratch ones.
    func arguments(configuration: String, state: String) -> [String] {
        arguments.map {
            $0.replacingOccurrences(of: "/etc/stepwise", with: configuration)
                .replacingOccurrences(of: "/var/lib/stepwise", with: state)
        }
    }
}

/// A datagram socket standing in for systemd's notify socket: the daemon sends `READY=1` etc. to it.
final class NotifySocket {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard fd >= 0, bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        // The daemon may run as the unit's user: it must be allowed to send here.
        chmod(path, 0o666)
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// The socket, for an event loop to watch.
    var descriptor: Int32 { fd }

    /// One waiting message, or "" when none is waiting.
    func receive() -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        return count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self) : ""
    }

    /// Messages received until one contains `wanted`, or `isAlive` turns false, or (a safety net
    /// so a broken daemon fails the test instead of hanging it) 60 s pass.
    func messages(until wanted: String, while isAlive: () -> Bool) -> [String] {
        var received: [String] = []
        let end = Date().addingTimeInterval(60)
        while !received.contains(where: { $0.contains(wanted) }), isAlive(), Date() < end {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 { received.append(String(decoding: buffer.prefix(count), as: UTF8.self)) }
        }
        return received
    }
}

/// The daemon started the way systemd starts the unit: a new session without a terminal, standard
/// input on /dev/null, output to files, `NOTIFY_SOCKET` set, the unit's umask and (as root) user.
/// `posix_spawn` directly, because Foundation's `Process` offers neither a session nor a user.
final class ServiceProcess {
    let pid: pid_t
    private(set) var status: Int32?

    init(
        binary: String, arguments: [String], umask: String, user: String?, environment: [String: String],
        stdout: String, stderr: String
    ) throws {
        // `sh` sets the umask and `setpriv` the user, each exec'ing the next: the pid stays the daemon's.
        let switchUser = user.map { "setpriv --reuid=\($0) --regid=\($0) --init-groups -- " } ?? ""
        let argv = ["/bin/sh", "-c", "umask \(umask) && exec \(switchUser)\"$0\" \"$@\"", binary] + arguments
        let env = environment.map { "\($0.key)=\($0.value)" } + ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc's 0x80, not imported into Swift): a new session has no controlling terminal.
        // SETSIGMASK with an empty mask: the test runner's blocked signals must not reach the daemon.
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        // SETSIGDEF: every signal at its default action, as systemd starts a service.
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(0x80 | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArgv = argv.map { strdup($0) } + [nil]
        var cEnv = env.map { strdup($0) } + [nil]
        defer { (cArgv + cEnv).forEach { free($0) } }
        var child: pid_t = 0
        let code = posix_spawn(&child, argv[0], &actions, &attributes, &cArgv, &cEnv)
        guard code == 0 else { throw POSIXError(.init(rawValue: code) ?? .EIO) }
        pid = child
    }

    /// Still running (reaps it once it has ended).
    var isRunning: Bool {
        guard status == nil else { return false }
        var raw: Int32 = 0
        if waitpid(pid, &raw, WNOHANG) == pid { status = raw }
        return status == nil
    }

    /// Waits for the end; after 30 s (a safety net, not a measurement) it is killed. Returns the
    /// exit code, or 128 + the signal that ended it.
    @discardableResult func waitForExit() -> Int32 {
        let end = Date().addingTimeInterval(30)
        while isRunning {
            if Date() > end { kill(pid, SIGKILL) }
            usleep(20_000)
        }
        let raw = status ?? 0
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    deinit {
        if isRunning {
            kill(pid, SIGKILL)
            waitForExit()
        }
    }
}

/// The unit's user on this machine (created like systemd-sysusers would, when missing); nil with
/// the reason when it cannot be had.
enum ServiceUser {
    static func ensure(_ name: String) -> (uid: uid_t, gid: gid_t)? {
        if let entry = getpwnam(name) { return (entry.pointee.pw_uid, entry.pointee.pw_gid) }
        guard getuid() == 0 else { return nil }
        let add = Process()
        add.executableURL = URL(fileURLWithPath: "/usr/sbin/useradd")
        add.arguments = [
            "--system", "--user-group", "--no-create-home", "--home-dir", "/var/lib/\(name)",
            "--shell", "/usr/sbin/nologin", name,
        ]
        guard (try? add.run()) != nil else { return nil }
        add.waitUntilExit()
        return getpwnam(name).map { ($0.pointee.pw_uid, $0.pointee.pw_gid) }
    }
}
