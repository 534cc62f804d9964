/// One connection to an Open Protocol torque controller, as a pure state machine: the runtime feeds it events
/// (with the monotonic time they happened at) and performs the actions it returns. It owns no socket, thread or
/// clock, so every path — handshake, revision fallback, keep-alive, results, faults, reconnects — is tested by
/// playing the network and the clock.
///
/// The life of a connection: `.connect` → 0001 (highest start revision first, lower ones on MID 0004 error 97) →
/// 0002 → 0060 (same fallback) → 0005 → running: results are delivered and acknowledged with 0062, tool commands
/// (0042/0043/0018) go out one at a time, each waiting for its 0005 or 0004, and a 9999 goes out whenever nothing
/// was sent for `keepAlive`. Any request unanswered within `answerTimeout`, a lost connection or repeated
/// garbage is a fault: the session asks for the socket to be closed and reconnects after a backoff.
public struct ControllerSession<Random: RandomNumberGenerator>: CustomStringConvertible {
    public var configuration: ControllerConfiguration

    var state: State = .idle
    var decoder = FrameDecoder()
    /// The request awaiting its answer; the protocol wants one at a time.
    var inFlight: Pending?
    var outbox: [Pending] = []
    var deadlines: [ControllerTimer: MonotonicTime] = [:]
    /// Retries in a row since the last running connection (drives the backoff).
    var attempts = 0
    /// The fault last reported and not yet cleared: reported once, not on every retry.
    var fault: ControllerFault?
    var malformedInARow = 0
    /// What the station last asked for, applied again after a reconnect (the new connection knows nothing of it).
    var wantedParameterSet: Int?
    var wantedToolEnabled: Bool?
    var random: Random

    public init(configuration: ControllerConfiguration = ControllerConfiguration(), random: Random) {
        self.configuration = configuration
        self.random = random
    }

    enum State: Hashable {
        case idle, connecting, backingOff, stopped
        case starting(revisionIndex: Int)
        case subscribing(revisionIndex: Int)
        case running
    }

    struct Pending: Hashable {
        var request: ControllerRequest
        var command: ToolCommand?
    }

    /// Whether the controller is connected, started and subscribed.
    public var isRunning: Bool { state == .running }

    /// The deadline of `timer`, if armed (the runtime may also track the `.arm` actions itself).
    public func deadline(_ timer: ControllerTimer) -> MonotonicTime? { deadlines[timer] }

    /// The earliest armed deadline: what the runtime's poll timeout should wait for.
    public var nextDeadline: MonotonicTime? { deadlines.values.min() }

    public var description: String { "controller session \(state)" }
}

extension ControllerSession where Random == SystemRandomNumberGenerator {
    public init(configuration: ControllerConfiguration = ControllerConfiguration()) {
        self.init(configuration: configuration, random: SystemRandomNumberGenerator())
    }
}

extension ControllerSession: Sendable where Random: Sendable {}

/// A cell's settings for one controller (the keys planned for the cell file are in docs/open-protocol.md).
public struct ControllerConfiguration: Hashable, Sendable {
    /// 0002 revisions to ask for, highest first; the session falls back on MID 0004 error 97.
    public var startRevisions: [Int] = [3, 2, 1]
    /// 0061 revisions to subscribe to, highest first (this client reads revision 1).
    public var resultRevisions: [Int] = [1]
    /// Send 9999 when nothing was sent for this long; below the common 15 s controller timeout.
    public var keepAlive: Duration = .seconds(10)
    /// How long a request (9999 included) may wait for its answer before the connection counts as dead.
    public var answerTimeout: Duration = .seconds(5)
    public var connectTimeout: Duration = .seconds(5)
    public var backoff = ReconnectBackoff()
    /// Malformed frames in a row after which the connection is dropped and made again.
    public var malformedFramesBeforeReconnect = 3
    public var station: Int?
    public var spindle: Int?

    public init() {}
}

/// What the station asks of the tool per step.
public enum ToolCommand: Hashable, Sendable, CustomStringConvertible {
    case enable, disable
    case selectParameterSet(Int)

    var request: ControllerRequest {
        switch self {
        case .enable: .enableTool
        case .disable: .disableTool
        case .selectParameterSet(let set): .selectParameterSet(set)
        }
    }

    public var description: String { request.description }
}

public enum ControllerTimer: Hashable, Sendable, CaseIterable {
    /// The connection attempt takes too long.
    case connect
    /// Time to send a 9999.
    case keepAlive
    /// The request in flight has waited too long for its answer.
    case answer
    /// The backoff after a fault is over: connect again.
    case reconnect
}

public enum ControllerEvent: Hashable, Sendable {
    /// Begin connecting (once, at start-up).
    case start
    /// The non-blocking connect finished.
    case connected
    /// The connect failed (refused, unreachable…), with the system's reason.
    case connectFailed(String)
    case bytesReceived([UInt8])
    case timerFired(ControllerTimer)
    /// The peer closed the connection or a read or write failed.
    case disconnected(String)
    case command(ToolCommand)
    /// End the session: 0003 if connected, then close; no reconnect.
    case stop
}

public enum ControllerAction: Hashable, Sendable {
    /// Open a non-blocking TCP connection to the controller; answer with `.connected` or `.connectFailed`.
    case connect
    /// Write these bytes (queue what the socket does not take now, in order).
    case send([UInt8], ControllerRequest)
    /// (Re)arm `timer` to fire at the instant; answer with `.timerFired` then.
    case arm(ControllerTimer, at: MonotonicTime)
    case cancel(ControllerTimer)
    /// Flush what is queued for writing if the socket takes it, then close the socket.
    case close
    /// Started and subscribed: who the controller is.
    case ready(CommunicationStartAcknowledge)
    /// A tightening: a sensor event (OK or NOK) and the values for the quality record.
    case deliver(TighteningResult)
    case commandDone(ToolCommand)
    case commandRefused(ToolCommand, CommandError)
    case fault(ControllerFault)
    case faultCleared
    /// Something worth a log line that is not (yet) a fault: a malformed frame, a revision fallback.
    case log(String)
}

/// Why the controller cannot be used right now; the text is for the fault shown at the station.
public enum ControllerFault: Hashable, Sendable, CustomStringConvertible {
    case unreachable(String)
    case connectionLost(String)
    case noAnswer(ControllerRequest)
    case refused(CommandError)
    case garbled(String)
    /// The cell's settings cannot be put in a frame (a station or spindle id over 99).
    case misconfigured(String)

    public var description: String {
        switch self {
        case .unreachable(let why): "torque controller unreachable: \(why)"
        case .connectionLost(let why): "connection to the torque controller lost: \(why)"
        case .noAnswer(let request): "torque controller did not answer \(request)"
        case .refused(let error): "torque controller refused the connection: \(error)"
        case .garbled(let why): "torque controller sends malformed frames: \(why)"
        case .misconfigured(let why): "torque controller settings cannot be sent: \(why)"
        }
    }
}
