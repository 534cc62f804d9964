import Logging
import StepwiseCore
import StepwiseOpenProtocol

/// The cell's torque controllers over Open Protocol as one sensor source: one non-blocking TCP
/// connection per controller, watched by the station's loop like any sensor descriptor, its
/// keep-alive, answer and reconnect timers on the loop's deadline (`deadline` / `expire`). A
/// tightening is its verdict's input becoming active; a controller that cannot be reached, stops
/// answering or garbles is a fault, cleared when it is started and subscribed again.
public final class OpenProtocolSource: SensorSource {
    public let kind = "open-protocol"
    public let faultKind = DeviceFault.Kind.sensor
    public var onDescriptorsChanged: (() -> Void)?
    private let links: [ControllerLink]
    /// Readings made outside any `read` (connecting at start), handed out by `drain`.
    private var pending: [SensorReading] = []

    /// One controller as the cell names it: where, which inputs, and the session's settings.
    public struct Controller: Sendable {
        public var address: TCPAddress
        public var inputs: TorqueControllerInputs
        public var configuration: ControllerConfiguration

        public init(address: TCPAddress, inputs: TorqueControllerInputs, configuration: ControllerConfiguration) {
            self.address = address
            self.inputs = inputs
            self.configuration = configuration
        }
    }

    /// Starts connecting to every controller at once (non-blocking); nil without any.
    public static func open(_ controllers: [Controller]) -> Result<any SensorSource, DeviceError>? {
        controllers.isEmpty ? nil : .success(OpenProtocolSource(controllers))
    }

    public init(
        _ controllers: [Controller], at now: MonotonicInstant = .now(),
        logger: Logger = Logger(label: "stepwise.open-protocol")
    ) {
        links = controllers.map {
            ControllerLink(address: $0.address, inputs: $0.inputs, configuration: $0.configuration, logger: logger)
        }
        for link in links { link.start(at: now) }
        pending = collect()
    }

    public var descriptors: [SensorDescriptor] { links.compactMap(\.descriptor) }

    public var deadline: MonotonicInstant? { links.compactMap(\.deadline).min() }

    public func read(_ descriptor: SensorDescriptor) -> [SensorReading] {
        let now = MonotonicInstant.now()
        links.first { $0.connection?.fd == descriptor.fd }?.ready(at: now)
        return collect()
    }

    public func expire(at now: MonotonicInstant) -> [SensorReading] {
        for link in links { link.expire(at: now) }
        return collect()
    }

    public func drain() -> [SensorReading] {
        defer { pending = [] }
        return pending + collect()
    }

    /// Sends 0003 where connected and closes every socket; no reconnect after.
    public func close() {
        for link in links { link.stop(at: .now()) }
        _ = collect()
    }

    /// Every link's new readings; tells the loop when a socket came, went or wants to write.
    private func collect() -> [SensorReading] {
        var readings: [SensorReading] = []
        var changed = false
        for link in links {
            let taken = link.take()
            readings += taken.readings
            changed = changed || taken.descriptorsChanged
        }
        if changed { onDescriptorsChanged?() }
        return readings
    }
}
