/// A torque controller that speaks Open Protocol over real TCP on 127.0.0.1, for tests of the client side.
///
/// Written from the public frame description (specification 2.16.0: 20-byte ASCII header, data, NUL) and kept
/// independent of the client's codec on purpose: a mistake shared by both sides would otherwise pass unnoticed.
/// It runs on its own thread (test code may block; the station's loop may not) and is scripted through
/// `Behaviour` and the `send…`/`drop` calls.
import Foundation
import Glibc
import Synchronization

public final class OpenProtocolController: Sendable {
    /// How the controller answers; change it while running with `update(_:)`.
    public struct Behaviour: Sendable {
        /// 0001 revisions answered with 0002; others get 0004 error 97.
        public var startRevisions: ClosedRange<Int> = 1...3
        /// 0060 revisions accepted; others get 0004 error 97.
        public var resultRevisions: ClosedRange<Int> = 1...1
        /// Answer every 0001 with 0004 and this code (96: a client is already connected).
        public var refuseStartWith: Int?
        public var answersKeepAlive = true
        /// Accepts the connection and reads, but never answers anything.
        public var silent = false
        /// Every answer goes out this much later: a slow controller.
        public var answerDelay: Duration = .zero
        public init() {}
    }

    /// A frame the controller received, as the client sent it.
    public struct Received: Hashable, Sendable, CustomStringConvertible {
        public var mid: Int
        public var revision: Int
        public var data: String
        public var description: String { "\(mid)/\(revision)\(data.isEmpty ? "" : " \(data)")" }
    }

    /// What the controller knows from the client's requests.
    public struct Snapshot: Sendable {
        public var received: [Received] = []
        public var connections = 0
        public var connected = false
        public var subscribed = false
        public var toolEnabled: Bool?
        public var parameterSet: Int?
        public var resultAcknowledgements = 0
    }

    struct Shared {
        var behaviour: Behaviour
        var snapshot = Snapshot()
        /// Writes waiting for their time: (not before, bytes, pause before the next one).
        var outgoing: [(at: ContinuousClock.Instant, bytes: [UInt8])] = []
        var dropRequested = false
        var stopping = false
    }

    public let port: UInt16
    let shared: Mutex<Shared>
    let listener: Int32

    /// Listens on 127.0.0.1 at a free port and starts serving.
    public init(behaviour: Behaviour = Behaviour()) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SimulatorError("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 4) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw SimulatorError("bind/listen on 127.0.0.1: errno \(errno)")
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        shared = Mutex(Shared(behaviour: behaviour))
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    public func update(_ change: @Sendable (inout Behaviour) -> Void) { shared.withLock { change(&$0.behaviour) } }

    public var snapshot: Snapshot { shared.withLock { $0.snapshot } }

    /// Sends a last-tightening result (MID 0061 revision 1).
    public func sendResult(_ tightening: SimulatedTightening) {
        send(Self.frame(mid: 61, revision: 1, data: tightening.data))
    }

    /// Sends raw bytes, optionally cut into pieces written separately with a pause between them (a frame split
    /// across reads). Two frames concatenated in one call go out in one write.
    public func send(_ bytes: [UInt8], splitAt cuts: [Int] = [], pause: Duration = .milliseconds(30)) {
        shared.withLock { shared in
            var at = ContinuousClock.now
            var start = 0
            for cut in cuts.sorted() where cut > start && cut < bytes.count {
                shared.outgoing.append((at, Array(bytes[start..<cut])))
                start = cut
                at = at.advanced(by: pause)
            }
            shared.outgoing.append((at, Array(bytes[start...])))
        }
    }

    /// Closes the client's connection (after what is queued to send); the controller keeps listening.
    public func drop() { shared.withLock { $0.dropRequested = true } }

    /// Stops serving and closes the listening socket.
    public func stop() { shared.withLock { $0.stopping = true } }

    /// Waits (polling, up to `limit` as a safety net, not a measurement) until `condition` holds; returns whether it did.
    @discardableResult
    public func wait(upTo limit: Duration = .seconds(5), until condition: (Snapshot) -> Bool) -> Bool {
        let end = ContinuousClock.now.advanced(by: limit)
        while ContinuousClock.now < end {
            if condition(snapshot) { return true }
            usleep(2000)
        }
        return condition(snapshot)
    }

    /// One frame as the specification lays it out: length, MID, revision, flags and ids blank, data, NUL.
    public static func frame(mid: Int, revision: Int, data: String) -> [UInt8] {
        let body = Array(data.utf8)
        return Array(
            (digits(20 + body.count, 4) + digits(mid, 4) + digits(revision, 3) + "0" + String(repeating: " ", count: 8))
                .utf8)
            + body + [0]
    }

    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

public struct SimulatorError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The values of a simulated tightening; `data` lays them out as MID 0061 revision 1 (23 fields, 211 bytes).
public struct SimulatedTightening: Sendable {
    public var ok = true
    public var torqueHundredths = 1250
    public var torqueMin = 1000, torqueMax = 1500, torqueTarget = 1250
    public var angle = 180
    public var angleMin = 90, angleMax = 360, angleTarget = 180
    public var parameterSet = 1
    public var batchSize = 4, batchCounter = 1
    public var tighteningID = 1
    public var timeStamp = "2026-12-04:10:15:30"

    public init() {}

    public var data: String {
        func field(_ number: Int, _ value: String) -> String { OpenProtocolController.digits(number, 2) + value }
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: width - text.count) }
        let d = OpenProtocolController.digits
        return field(1, "0001") + field(2, "01") + field(3, pad("Simulated PF", 25)) + field(4, pad("VIN-42", 25))
            + field(5, "00") + field(6, d(parameterSet, 3)) + field(7, d(batchSize, 4)) + field(8, d(batchCounter, 4))
            + field(9, ok ? "1" : "0") + field(10, ok ? "1" : (torqueHundredths < torqueMin ? "0" : "2"))
            + field(11, "1")
            + field(12, d(torqueMin, 6)) + field(13, d(torqueMax, 6)) + field(14, d(torqueTarget, 6))
            + field(15, d(torqueHundredths, 6)) + field(16, d(angleMin, 5)) + field(17, d(angleMax, 5))
            + field(18, d(angleTarget, 5)) + field(19, d(angle, 5)) + field(20, timeStamp)
            + field(21, "2026-11-30:08:00:00") + field(22, "1") + field(23, d(tighteningID, 10))
    }
}
