import StepwiseCore

/// Every kind of input device the station reads (GPIO lines, USB devices, and whatever comes
/// next) seen the same way by the event loop: descriptors to watch, and stamped readings out of
/// them in one vocabulary. What a reading means to the station is decided elsewhere
/// (`SensorMeaning`), and raw edges are debounced there too, so an adapter only reads.
///
/// Lives on the event-loop thread: `read` never blocks, takes no lock and touches no file.
public protocol SensorSource: AnyObject {
    /// The kind's name in `stepwise monitor` and in observations (`gpio`, `usb`).
    var kind: String { get }
    /// What a failure of this kind is in the log.
    var faultKind: DeviceFault.Kind { get }
    /// The descriptors to watch now.
    var descriptors: [SensorDescriptor] { get }
    /// Called after `descriptors` changed (a USB device came or went).
    var onDescriptorsChanged: (() -> Void)? { get set }
    /// Everything `descriptor` has ready, oldest first, without blocking.
    func read(_ descriptor: SensorDescriptor) -> [SensorReading]
    /// What is pending without any descriptor becoming ready: faults found while opening.
    func drain() -> [SensorReading]
    /// When the source wants `expire(at:)` called though no descriptor became ready (a keep-alive
    /// to send, a reconnect after a backoff); nil for never. Looked at again after every call into
    /// the source, and kept on the loop's one timer, so a source needs no thread or timer of its own.
    var deadline: MonotonicInstant? { get }
    /// `deadline` has come (or passed): do what was due, without blocking.
    func expire(at now: MonotonicInstant) -> [SensorReading]
    /// Releases the devices; the descriptors are invalid afterwards.
    func close()
}

extension SensorSource {
    public var onDescriptorsChanged: (() -> Void)? {
        get { nil }
        set {}
    }
    public func drain() -> [SensorReading] { [] }
    public var deadline: MonotonicInstant? { nil }
    public func expire(at now: MonotonicInstant) -> [SensorReading] { [] }
}

/// A descriptor a source wants watched, and what it is about (for a fault when it cannot be).
public struct SensorDescriptor: Hashable, Sendable {
    public var fd: Int32
    public var readable: Bool
    /// usbfs signals finished transfers as writable (POLLOUT).
    public var writable: Bool
    /// The input or device it belongs to.
    public var subject: String

    public init(fd: Int32, readable: Bool = true, writable: Bool = false, subject: String) {
        self.fd = fd
        self.readable = readable
        self.writable = writable
        self.subject = subject
    }
}

/// One thing a sensor did, stamped on CLOCK_MONOTONIC: by the kernel where it stamps (GPIO
/// edges), at the read otherwise.
public struct SensorReading: Hashable, Sendable {
    public enum What: Hashable, Sendable {
        /// A raw level change of an input, still to be debounced; `active` after active-low inversion.
        case edge(InputID, active: Bool)
        /// An input that is already clean (a USB report bit) became active, or inactive.
        case active(InputID)
        case inactive(InputID)
        /// A torque controller's tightening: its verdict's input became active, with the values.
        case tightening(InputID, Tightening)
        /// A keyboard-like reader typed a line and Enter: a badge id or a barcode.
        case line(device: String, text: String)
        /// A device went away: its fault, cleared by `.present` when it is back.
        case absent(DeviceFault)
        case present(device: String)
        /// A device failed while being opened or read.
        case fault(DeviceFault)
    }

    public var at: MonotonicInstant
    public var what: What

    public init(at: MonotonicInstant, _ what: What) {
        self.at = at
        self.what = what
    }
}

extension SensorReading.What {
    /// The input or device the reading is about.
    public var subject: String {
        switch self {
        case .edge(let input, _), .active(let input), .inactive(let input), .tightening(let input, _): input.rawValue
        case .line(let device, _), .present(let device): device
        case .absent(let fault), .fault(let fault): fault.device
        }
    }
}
