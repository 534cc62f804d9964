import Logging
import StepwiseCore
import StepwiseOpenProtocol

/// One torque controller's connection: performs what its `ControllerSession` asks (connect, send,
/// close) on a non-blocking socket and turns what it reports into sensor readings. Time comes in
/// from the loop; the link never reads a clock, sleeps or blocks.
final class ControllerLink {
    let address: TCPAddress
    let inputs: TorqueControllerInputs
    private var session: ControllerSession<SystemRandomNumberGenerator>
    private(set) var connection: TCPConnection?
    private(set) var connecting = false
    private var outgoing: [UInt8] = []
    private var readings: [SensorReading] = []
    private let logger: Logger
    /// Notes (malformed frames, revision fallbacks) logged since the last start: a garbling controller must not
    /// flood the journal from the event thread.
    private var notes = 0
    static let noteLimit = 20
    /// The socket and descriptor as the loop last watched them: another socket (even one that got the same number
    /// back from the kernel) or another wish to write means watching again.
    private var watched: (connection: TCPConnection?, descriptor: SensorDescriptor?)

    /// A controller that does not read what it is sent (keep-alives, acknowledgements) is cut off here.
    static let outgoingLimit = 64 * 1024
    /// Bytes read per readiness; a level-triggered loop calls again for the rest, so a flood cannot starve it.
    static let readLimit = 16 * 1024

    init(address: TCPAddress, inputs: TorqueControllerInputs, configuration: ControllerConfiguration, logger: Logger) {
        self.address = address
        self.logger = logger
        self.inputs = inputs
        session = ControllerSession(configuration: configuration)
    }

    /// How the controller is named in faults, `stepwise monitor` and the log.
    var device: String { "torque controller \(address)" }

    /// The descriptor to watch, if connected or connecting: writable while connecting or with bytes waiting.
    var descriptor: SensorDescriptor? {
        connection.map {
            SensorDescriptor(fd: $0.fd, readable: true, writable: connecting || !outgoing.isEmpty, subject: device)
        }
    }

    var deadline: MonotonicInstant? { session.nextDeadline.map { MonotonicInstant(nanoseconds: $0.nanoseconds) } }

    func start(at now: MonotonicInstant) { feed(.start, now) }

    /// The socket is ready: finish the connect, write what waits, read what arrived.
    func ready(at now: MonotonicInstant) {
        guard let connection else { return }
        if connecting {
            connecting = false
            if let error = connection.connectResult() { return feed(.connectFailed("\(error)"), now) }
            feed(.connected, now)
        }
        if !outgoing.isEmpty { flush(now) }
        guard self.connection === connection, !connecting else { return }
        switch connection.receive(limit: Self.readLimit) {
        case .bytes(let bytes): feed(.bytesReceived(bytes), now)
        case .wouldBlock: break
        case .endOfStream: feed(.disconnected("the controller closed the connection"), now)
        case .failed(let error): feed(.disconnected("\(error)"), now)
        }
    }

    /// Fires every session timer that is due.
    func expire(at now: MonotonicInstant) {
        let time = MonotonicTime(nanoseconds: now.nanoseconds)
        for timer in ControllerTimer.allCases {
            if let due = session.deadline(timer), due <= time { feed(.timerFired(timer), now) }
        }
    }

    func stop(at now: MonotonicInstant) {
        feed(.stop, now)
        closeSocket()
    }

    /// The readings made since the last call, and whether the descriptor changed meanwhile.
    func take() -> (readings: [SensorReading], descriptorsChanged: Bool) {
        let now = (connection: connection, descriptor: descriptor)
        defer {
            readings = []
            watched = now
        }
        return (readings, now.connection !== watched.connection || now.descriptor != watched.descriptor)
    }

    private func feed(_ event: ControllerEvent, _ now: MonotonicInstant) {
        for action in session.handle(event, at: MonotonicTime(nanoseconds: now.nanoseconds)) { perform(action, now) }
    }

    private func perform(_ action: ControllerAction, _ now: MonotonicInstant) {
        switch action {
        case .connect: open(now)
        case .send(let bytes, _):
            outgoing += bytes
            flush(now)
        case .close:
            flush(now)
            closeSocket()
        case .deliver(let result):
            if let input = inputs.input(for: result) {
                readings.append(SensorReading(at: now, .tightening(input, Tightening(result))))
            }
        case .fault(let fault):
            readings.append(SensorReading(at: now, .absent(fault.deviceFault(device: device))))
        case .faultCleared: readings.append(SensorReading(at: now, .present(device: device)))
        case .ready(let who):
            notes = 0
            logger.info("\(device): started and subscribed (\(who.controllerName), MID 0002 revision \(who.revision))")
        case .log(let text): note(text)
        case .arm, .cancel, .commandDone, .commandRefused: break  // timers are read from the session
        }
    }

    private func note(_ text: String) {
        notes += 1
        guard notes <= Self.noteLimit else { return }
        let last = notes == Self.noteLimit ? " (further notes dropped until it is started again)" : ""
        logger.notice("\(device): \(text)\(last)")
    }

    private func open(_ now: MonotonicInstant) {
        closeSocket()
        switch TCPConnection.connect(to: address) {
        case .success((let connection, let started)):
            self.connection = connection
            if started == .connected { feed(.connected, now) } else { connecting = true }
        case .failure(let error):
            feed(.connectFailed("\(error)"), now)
        }
    }

    /// Writes what the socket takes; the rest waits for writability (watched while `outgoing` is not empty).
    private func flush(_ now: MonotonicInstant) {
        guard let connection, !connecting, !outgoing.isEmpty else { return }
        switch connection.send(outgoing[...]) {
        case .success(let written): outgoing.removeFirst(written)
        case .failure(let error): return feed(.disconnected("\(error)"), now)
        }
        if outgoing.count > Self.outgoingLimit {
            feed(.disconnected("the controller reads nothing of what it is sent"), now)
        }
    }

    private func closeSocket() {
        guard let connection else { return }
        connection.close()
        self.connection = nil
        connecting = false
        outgoing = []
    }
}
