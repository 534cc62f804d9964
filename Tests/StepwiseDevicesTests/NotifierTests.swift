import Glibc
import Testing
@testable import StepwiseDevices

/// A datagram socket bound where systemd would listen, reading what the notifier sends.
private final class NotifyListener {
    let fd: Int32
    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var (address, length) = try #require(SystemdNotifier.address(path))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        try #require(bound == 0, "bind \(path): \(String(cString: strerror(errno)))")
    }
    deinit { close(fd) }

    /// The next queued datagram (unix datagrams are queued before `sendto` returns).
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        return count < 0 ? nil : String(decoding: buffer[0..<count], as: UTF8.self)
    }
}

@Suite struct NotifierTests {
    @Test func messagesReachAPathSocket() throws {
        let path = makeTemporaryDirectory() + "/notify"
        let listener = try NotifyListener(path: path)
        let notifier = SystemdNotifier(socketPath: path)
        try notifier.ready().get()
        try notifier.status("waiting for badge\nline two").get()
        try notifier.watchdog().get()
        try notifier.stopping().get()
        #expect(listener.receive() == "READY=1")
        #expect(listener.receive() == "STATUS=waiting for badge line two")
        #expect(listener.receive() == "WATCHDOG=1")
        #expect(listener.receive() == "STOPPING=1")
        #expect(listener.receive() == nil)
    }

    @Test func reloadingCarriesTheMonotonicTime() throws {
        let path = "@stepwise-notify-test-\(getpid())"
        let listener = try NotifyListener(path: path)
        let before = MonotonicInstant.now().nanoseconds / 1000
        try SystemdNotifier(socketPath: path).reloading().get()
        let message = try #require(listener.receive())
        let lines = message.split(separator: "\n")
        #expect(lines.first == "RELOADING=1")
        let usec = try #require(lines.last.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) })
        #expect(lines.last?.hasPrefix("MONOTONIC_USEC=") == true && usec >= before)
    }

    @Test func withoutASocketEverythingIsANoOp() throws {
        let notifier = SystemdNotifier(socketPath: nil)
        #expect(!notifier.isActive)
        try notifier.ready().get()
        #expect(SystemdNotifier(socketPath: "").isActive == false)
    }

    @Test func theWatchdogIntervalIsHalfTheTimeout() {
        #expect(
            SystemdNotifier(socketPath: "/run/x", watchdogMicroseconds: 10_000_000).watchdogIntervalNanoseconds
                == 5_000_000_000)
        #expect(SystemdNotifier(socketPath: "/run/x", watchdogMicroseconds: 0).watchdogIntervalNanoseconds == nil)
        #expect(SystemdNotifier(socketPath: "/run/x").watchdogIntervalNanoseconds == nil)
        #expect(SystemdNotifier(socketPath: "/run/x", watchdogMicroseconds: 3_000_000).watchdogInterval == 1.5)
    }

    @Test func aSocketNobodyListensOnIsAnError() {
        let path = makeTemporaryDirectory() + "/nobody"
        guard case .failure(let error) = SystemdNotifier(socketPath: path).ready() else {
            Issue.record("sent to a socket that does not exist")
            return
        }
        #expect(error.message.contains("expected systemd listening on NOTIFY_SOCKET"))
    }

    @Test func aTooLongPathIsRefused() {
        let long = "/" + String(repeating: "x", count: 200)
        guard case .failure(let error) = SystemdNotifier(socketPath: long).ready() else {
            Issue.record("a 201-byte socket path was accepted")
            return
        }
        #expect(error.kind == .unsupported)
    }
}
