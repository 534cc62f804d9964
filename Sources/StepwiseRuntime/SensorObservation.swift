import StepwiseCore
import StepwiseDevices

/// One thing a sensor did, as an engineer wiring a cell wants to see it (`stepwise monitor`):
/// raw edges with the kernel's timestamp, the debouncer's verdict, every source's readings
/// (report bits, typed lines, devices gone and back, faults), console keys — each with what the station makes of it.
public struct SensorObservation: Hashable, Sendable {
    /// The kind of source, as `SensorSource.kind` names it (`gpio`, `usb`), or the console.
    public struct Source: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let gpio = Source(rawValue: "gpio")
        public static let usb = Source(rawValue: "usb")
        public static let console = Source(rawValue: "console")
    }

    public enum What: Hashable, Sendable {
        /// A raw edge as the kernel saw it (before debouncing); `rising` after active-low inversion.
        case edge(rising: Bool)
        /// The debouncer accepted a level, or found the input stuck / released again.
        case debounced(Debouncer.Change)
        /// What a source read that needs no debouncing: a report bit, a typed line, a device gone or back.
        case reading(SensorReading.What)
        /// A key or typed line at the console (simulated inputs).
        case key(ConsoleCommand)
        /// A device that could not be opened, or failed while being read.
        case fault(DeviceFault)
    }

    /// Wall time of the reading's stamp: the kernel's for GPIO edges, the moment of reading otherwise.
    public var time: Instant
    /// The kernel's CLOCK_MONOTONIC stamp of a GPIO edge or debounced change.
    public var kernelTime: MonotonicInstant?
    public var source: Source
    /// The input id or device id.
    public var subject: String
    public var what: What
    /// What the station receives because of it (nil: nothing, e.g. a raw edge or a release).
    public var meaning: SensorMeaning?

    public init(
        time: Instant, kernelTime: MonotonicInstant? = nil, source: Source, subject: String, what: What,
        meaning: SensorMeaning? = nil
    ) {
        self.time = time
        self.kernelTime = kernelTime
        self.source = source
        self.subject = subject
        self.what = what
        self.meaning = meaning
    }
}
