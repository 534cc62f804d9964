/// An assembly cell as engineers describe it in `Devices/*.yaml`: its projector, the zones on
/// its bench, and the inputs and outputs wired to it.
public struct Cell: Hashable, Sendable {
    public var id: CellID
    public var title: LocalizedText
    public var projector: Projector
    public var zones: [Zone]
    public var inputs: [Input]
    public var usbDevices: [USBDevice]
    public var outputs: [Output]
    /// Which inputs play which part at the station.
    public var roles: StationRoles
    /// Language shown when no worker preference is known.
    public var language: String

    public init(
        id: CellID, title: LocalizedText, projector: Projector, zones: [Zone], inputs: [Input],
        usbDevices: [USBDevice] = [], outputs: [Output] = [], roles: StationRoles, language: String = "nl"
    ) {
        self.id = id
        self.title = title
        self.projector = projector
        self.zones = zones
        self.inputs = inputs
        self.usbDevices = usbDevices
        self.outputs = outputs
        self.roles = roles
        self.language = language
    }

    public func zone(_ id: ZoneID) -> Zone? { zones.first { $0.id == id } }
    public func input(_ id: InputID) -> Input? { inputs.first { $0.id == id } }
}

/// The projector and where its pixels land on the bench: what the scene needs. How its frames
/// reach it (an fbdev device, a file, later a DRM plane) is its `display`, opaque here.
public struct Projector: Hashable, Sendable {
    public var display: DisplaySource
    public var width: Int
    public var height: Int
    public var calibration: Calibration
    /// Where text and pictures go on the bench (mm): the instruction panel.
    public var panel: Rect
    /// Smallest text height on the bench, in millimetres (legible from the working position).
    public var minimumTextMM: Double

    public init(
        display: DisplaySource, width: Int, height: Int, calibration: Calibration, panel: Rect,
        minimumTextMM: Double = 12
    ) {
        self.display = display
        self.width = width
        self.height = height
        self.calibration = calibration
        self.panel = panel
        self.minimumTextMM = minimumTextMM
    }
}

/// What one display backend needs to know (a framebuffer's device and layout), owned by the
/// backend's reader and opened by the runtime's `DisplayBackends`; the core never looks inside.
public protocol DisplaySettings: KindSettings {}

/// How the projector's frames are shown: one backend's settings, kept opaque.
public typealias DisplaySource = OpaqueSettings<DisplaySettingsFamily>
public enum DisplaySettingsFamily {}

extension OpaqueSettings where Family == DisplaySettingsFamily {
    public init(_ settings: some DisplaySettings) { self.init(any: settings) }
}

/// Pixel layouts a framebuffer may have.
public enum PixelFormat: String, Hashable, Sendable, CaseIterable, Codable {
    /// 32 bits, little-endian B,G,R,X in memory (the common fbdev layout).
    case xrgb8888
    case argb8888
    /// 16 bits, 5-6-5.
    case rgb565

    public var bytesPerPixel: Int { self == .rgb565 ? 2 : 4 }
}

/// Four measured points: bench millimetres and the projector pixels they appear at.
public struct Calibration: Hashable, Sendable {
    public var bench: [PointMM]
    public var projector: [PointPX]
    public init(bench: [PointMM], projector: [PointPX]) {
        self.bench = bench
        self.projector = projector
    }

    /// The map from bench to projector, or nil when the points are degenerate.
    public var homography: Homography? { Homography(from: bench, to: projector) }
}

/// A region of the bench: a pick bin, the fixture, the tool rest, the instruction panel.
public struct Zone: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        case bin, fixture, tool, panel, other
    }
    public var id: ZoneID
    public var kind: Kind
    public var title: LocalizedText?
    public var shape: PolygonMM
    /// A pick-to-light lamp lit while this bin is highlighted.
    public var lamp: OutputID?
    public init(id: ZoneID, kind: Kind, title: LocalizedText? = nil, shape: PolygonMM, lamp: OutputID? = nil) {
        self.id = id
        self.kind = kind
        self.title = title
        self.shape = shape
        self.lamp = lamp
    }
}

/// A named input signal and where it comes from.
public struct Input: Hashable, Sendable {
    public var id: InputID
    public var source: InputSource
    /// Edges closer together than this are bounces of one event.
    public var debounceMilliseconds: Double
    /// An input held active longer than this (seconds) is reported as stuck; nil disables.
    public var stuckAfterSeconds: Double?
    public init(id: InputID, source: InputSource, debounceMilliseconds: Double = 10, stuckAfterSeconds: Double? = nil) {
        self.id = id
        self.source = source
        self.debounceMilliseconds = debounceMilliseconds
        self.stuckAfterSeconds = stuckAfterSeconds
    }
}

public enum LineBias: String, Hashable, Sendable, CaseIterable, Codable {
    case asIs = "as-is", disabled, pullUp = "pull-up", pullDown = "pull-down"
}

/// What one kind of input source needs to know (a GPIO line, a bit of a USB report, a key), owned
/// by the kind: its reader makes it, its adapter reads it. The core never looks inside, so a new
/// sensor kind adds no case here.
public protocol InputSettings: KindSettings {}

/// Where an input's signal comes from: one kind's settings, kept opaque.
public typealias InputSource = OpaqueSettings<InputSettingsFamily>
public enum InputSettingsFamily {}

extension OpaqueSettings where Family == InputSettingsFamily {
    public init(_ settings: some InputSettings) { self.init(any: settings) }
}

/// A USB device the cell uses.
public struct USBDevice: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        /// Buttons or pedals whose state is bits of an input report.
        case buttons
        /// A badge or barcode reader that types like a keyboard.
        case keyboard
        /// A USB I/O module with digital inputs as report bits.
        case io
    }
    public var id: String
    public var kind: Kind
    public var vendorID: UInt16
    public var productID: UInt16
    public var serial: String?
    public var interface: Int
    /// Interrupt-IN endpoint address (e.g. 0x81).
    public var endpoint: UInt8
    /// The USB port it must be plugged into (`1-2.3`: bus 1, port 2, port 3 of the hub behind it,
    /// as udev and `lsusb -t` show it), to tell identical devices without serials apart; nil: any port.
    public var port: String?
    public init(
        id: String, kind: Kind, vendorID: UInt16, productID: UInt16, serial: String? = nil, interface: Int = 0,
        endpoint: UInt8 = 0x81, port: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.vendorID = vendorID
        self.productID = productID
        self.serial = serial
        self.interface = interface
        self.endpoint = endpoint
        self.port = port
    }
}

/// A GPIO output line: a bin lamp, a tool enable.
public struct Output: Hashable, Sendable {
    public enum Sink: Hashable, Sendable {
        case gpio(chip: String, line: Int, activeLow: Bool)
        case simulated
    }
    public var id: OutputID
    public var sink: Sink
    public init(id: OutputID, sink: Sink) {
        self.id = id
        self.sink = sink
    }
}

/// The inputs that are not step sensors.
public struct StationRoles: Hashable, Sendable {
    /// The help button: always works, calls the coach, logged as help — never as an error.
    public var help: InputID?
    /// Confirms the current step by hand when a sensor fails.
    public var confirm: InputID?
    /// The USB keyboard-like reader for badges (login) and variant barcodes; nil in simulated cells.
    public var reader: String?
    public init(help: InputID? = nil, confirm: InputID? = nil, reader: String? = nil) {
        self.help = help
        self.confirm = confirm
        self.reader = reader
    }
}
