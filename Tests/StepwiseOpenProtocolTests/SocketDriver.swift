import Glibc
import StepwiseTestSupport
@testable import StepwiseOpenProtocol

/// A test-side runtime for `ControllerSession`: one non-blocking TCP socket, poll(), CLOCK_MONOTONIC and the
/// session's timers — what the station's event loop will do through the sensor seam, in a few dozen lines.
/// Everything runs on the calling thread; nothing blocks except poll() with the next deadline as its timeout.
struct SocketDriver {
    var session: ControllerSession<FuzzRandom>
    let port: UInt16
    var fd: Int32 = -1
    var connecting = false
    var outgoing: [UInt8] = []
    /// Every action the session asked for, in order.
    var actions: [ControllerAction] = []

    init(port: UInt16, configure: (inout ControllerConfiguration) -> Void = { _ in }) {
        var configuration = ControllerConfiguration()
        configuration.keepAlive = .milliseconds(150)
        // Generous next to 127.0.0.1 round trips, so a loaded build machine does not turn into a spurious fault.
        configuration.answerTimeout = .seconds(1)
        configuration.connectTimeout = .seconds(1)
        configuration.backoff = ReconnectBackoff(initial: .milliseconds(20), cap: .milliseconds(80))
        configure(&configuration)
        self.port = port
        session = ControllerSession(configuration: configuration, random: FuzzRandom(seed: 3))
    }

    static func now() -> MonotonicTime {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return MonotonicTime(nanoseconds: UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec))
    }

    mutating func feed(_ event: ControllerEvent) {
        let produced = session.handle(event, at: Self.now())
        actions += produced
        for action in produced { perform(action) }
    }

    /// Runs the loop until `done` holds for the actions so far, or `limit` passes (a safety net; tests then fail
    /// on their expectations, never on a time measurement).
    mutating func run(upTo limit: Duration = .seconds(10), until done: ([ControllerAction]) -> Bool) {
        if actions.isEmpty { feed(.start) }
        let end = Self.now().advanced(by: limit)
        while !done(actions), Self.now() < end {
            step(until: end)
        }
    }

    /// Runs until the session is started and subscribed.
    mutating func runUntilRunning(upTo limit: Duration = .seconds(10)) {
        if actions.isEmpty { feed(.start) }
        let end = Self.now().advanced(by: limit)
        while !session.isRunning, Self.now() < end { step(until: end) }
    }

    mutating func step(until end: MonotonicTime) {
        let now = Self.now()
        let wake = min(session.nextDeadline ?? end, end)
        let timeout = wake > now ? Int32(min((wake.nanoseconds - now.nanoseconds) / 1_000_000 + 1, 50)) : 0
        var events: Int16 = Int16(POLLIN)
        if connecting || !outgoing.isEmpty { events |= Int16(POLLOUT) }
        var pfd = pollfd(fd: fd, events: events, revents: 0)
        _ = poll(&pfd, 1, timeout)
        if fd >= 0, pfd.revents != 0 { socketReady(pfd.revents) }
        let after = Self.now()
        for timer in ControllerTimer.allCases {
            if let deadline = session.deadline(timer), deadline <= after { feed(.timerFired(timer)) }
        }
    }

    mutating func socketReady(_ revents: Int16) {
        if connecting {
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            connecting = false
            if error != 0 { return feed(.connectFailed(String(cString: strerror(error)))) }
            return feed(.connected)
        }
        if revents & Int16(POLLOUT) != 0 { flush() }
        if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(fd, &chunk, chunk.count)
            if count > 0 {
                feed(.bytesReceived(Array(chunk[0..<count])))
            } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                feed(.disconnected(count == 0 ? "end of stream" : String(cString: strerror(errno))))
            }
        }
    }

    mutating func perform(_ action: ControllerAction) {
        switch action {
        case .connect: open()
        case .send(let bytes, _):
            outgoing += bytes
            flush()
        case .close:
            flush()
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
            connecting = false
            outgoing = []
        default: break  // timers live in the session; results and faults are read from `actions`
        }
    }

    mutating func open() {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result == 0 { return feed(.connected) }
        if errno == EINPROGRESS {
            connecting = true
            return
        }
        let why = String(cString: strerror(errno))
        Glibc.close(fd)
        fd = -1
        feed(.connectFailed(why))
    }

    mutating func flush() {
        guard fd >= 0, !connecting, !outgoing.isEmpty else { return }
        let written = outgoing.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if written > 0 { outgoing.removeFirst(written) }
    }

    /// Ends the session (0003) and closes the socket.
    mutating func finish() {
        feed(.stop)
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}

func count(_ actions: [ControllerAction], _ match: (ControllerAction) -> Bool) -> Int { actions.filter(match).count }

func isReady(_ action: ControllerAction) -> Bool { if case .ready = action { true } else { false } }
