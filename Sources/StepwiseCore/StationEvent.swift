/// Something that happened at the station, already debounced and named by the device layer.
public enum StationEvent: Hashable, Sendable {
    /// An input became active (a beam broken, a pedal pressed, `torque.ok`).
    case activated(InputID)
    /// A torque controller reported a tightening: its verdict's input (`torque.ok`, `torque.nok`)
    /// became active, and the values go to the quality record.
    case tightened(InputID, Tightening)
    /// A worker logged in; the runtime has already turned the badge into a pseudonym and
    /// looked up the worker's stored skills, one per instruction set the cell runs.
    case login(WorkerPseudonym, skills: [WorkerSkill])
    case logout
    /// Work on an instruction set (and variant, if the set has variants) is chosen.
    case select(InstructionSetID, variant: VariantID?)
    /// A barcode or typed code: a variant code of the current set selects that variant.
    case scanned(String)
    /// The help button. Always honoured, in every state.
    case help
    /// The confirm button: the current step is done, confirmed by the worker's hand.
    case confirm
    /// A deadline the machine asked for (`StationOutput.wakeUp`) has come.
    case deadline
    /// A device went away or came back.
    case fault(DeviceFault)
    case faultCleared(device: String)
}

extension StationEvent {
    /// A login with at most one stored skill (single-set cells, tests, traces).
    public static func login(_ worker: WorkerPseudonym, skill: WorkerSkill?) -> StationEvent {
        .login(worker, skills: skill.map { [$0] } ?? [])
    }
}

/// A device problem the station must show and log, while it goes on working.
public struct DeviceFault: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case sensor, usb, projector, output, storage
    }
    public var device: String
    public var kind: Kind
    public var message: String
    public init(device: String, kind: Kind, message: String) {
        self.device = device
        self.kind = kind
        self.message = message
    }
}

/// An event with the monotonic instant it happened (for GPIO: the kernel's edge timestamp).
public struct TimedEvent: Hashable, Sendable {
    public var event: StationEvent
    public var at: Instant
    public init(_ event: StationEvent, at: Instant) {
        self.event = event
        self.at = at
    }
}
