import Glibc

/// Tells systemd how the daemon is doing (the sd_notify protocol, without libsystemd): one
/// datagram per message to `$NOTIFY_SOCKET` over AF_UNIX. Without a socket every call is a
/// no-op, so the daemon runs the same from a shell.
public struct SystemdNotifier: Hashable, Sendable {
    /// The socket path; a leading `@` means the abstract namespace. Nil: not under systemd.
    public let socketPath: String?
    /// How often to send `watchdog()`: half of `$WATCHDOG_USEC`, nil when no watchdog is set.
    public let watchdogIntervalNanoseconds: UInt64?

    public init(socketPath: String?, watchdogMicroseconds: UInt64? = nil) {
        self.socketPath = socketPath.flatMap { $0.isEmpty ? nil : $0 }
        self.watchdogIntervalNanoseconds = watchdogMicroseconds.flatMap { $0 > 0 ? $0 * 1000 / 2 : nil }
    }

    /// Reads `$NOTIFY_SOCKET`, `$WATCHDOG_USEC` and `$WATCHDOG_PID` (the watchdog is ours only
    /// when the pid is unset or ours).
    public init() {
        let pidMatches = Self.environment("WATCHDOG_PID").map { Int32($0) == getpid() } ?? true
        let usec = pidMatches ? Self.environment("WATCHDOG_USEC").flatMap { UInt64($0) } : nil
        self.init(socketPath: Self.environment("NOTIFY_SOCKET"), watchdogMicroseconds: usec)
    }

    /// Same as `init()`: the notifier the environment describes.
    public static func fromEnvironment() -> SystemdNotifier { SystemdNotifier() }

    /// `watchdogIntervalNanoseconds` in seconds, for `MonotonicInstant.adding(seconds:)`.
    public var watchdogInterval: Double? { watchdogIntervalNanoseconds.map { Double($0) / 1e9 } }

    /// True when running under systemd with a notify socket.
    public var isActive: Bool { socketPath != nil }

    /// Start-up done: the unit becomes active (`Type=notify`).
    @discardableResult public func ready() -> Result<Void, DeviceError> { send("READY=1") }

    /// Reloading the configuration (a new cell or instruction set); send `ready()` when done.
    @discardableResult public func reloading() -> Result<Void, DeviceError> {
        send("RELOADING=1\nMONOTONIC_USEC=\(MonotonicInstant.now().nanoseconds / 1000)")
    }

    @discardableResult public func stopping() -> Result<Void, DeviceError> { send("STOPPING=1") }

    /// A line for `systemctl status`.
    @discardableResult public func status(_ text: String) -> Result<Void, DeviceError> {
        send("STATUS=" + text.replacingNewlines())
    }

    /// "Still alive": send every `watchdogIntervalNanoseconds` from the event loop, so a hung
    /// loop gets the daemon restarted.
    @discardableResult public func watchdog() -> Result<Void, DeviceError> { send("WATCHDOG=1") }

    /// Sends `state` (newline-separated `KEY=value` lines) as one datagram.
    @discardableResult public func send(_ state: String) -> Result<Void, DeviceError> {
        guard let socketPath else { return .success(()) }
        guard let (target, length) = Self.address(socketPath) else {
            return .failure(
                DeviceError(
                    device: socketPath, kind: .unsupported,
                    message: "NOTIFY_SOCKET too long; expected an absolute path or @name under 108 bytes"))
        }
        var address = target
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(.system(socketPath, "socket", errno: errno, expected: "AF_UNIX sockets")) }
        defer { close(fd) }
        let sent = state.utf8CString.withUnsafeBytes { bytes in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, bytes.baseAddress, bytes.count - 1, Int32(MSG_NOSIGNAL), $0, length)
                }
            }
        }
        guard sent >= 0 else {
            return .failure(.system(socketPath, "sendto", errno: errno, expected: "systemd listening on NOTIFY_SOCKET"))
        }
        return .success(())
    }

    /// The socket address; `@name` becomes an abstract address (leading NUL, no terminator).
    static func address(_ path: String) -> (sockaddr_un, socklen_t)? {
        var bytes = Array(path.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        var address = sockaddr_un()
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !bytes.isEmpty, bytes.count < capacity else { return nil }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        return (address, socklen_t(pathOffset + bytes.count + (abstract ? 0 : 1)))
    }

    private static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}

extension String {
    /// One line: systemd takes a newline as the start of the next `KEY=value`.
    fileprivate func replacingNewlines() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
