import StepwiseCore
import Yams

/// The one place an input's source kinds are read from a cell file: each kind's settings, the key
/// that names the kind in an input mapping, its keys, and how its mapping becomes an `InputSource`.
/// A new sensor kind is its settings, reader and entry here, its object in the cell schema (a test
/// checks the two agree), its adapter (a `SensorSource`) and one line in the runtime's `SensorKinds`.
struct InputKind: Sendable {
    /// `gpio:` in `- {id: bin-1.pick, gpio: {chip: gpiochip0, line: 17}}`.
    let key: String
    /// The kind's mapping, as the schema's `$defs` name it.
    let schemaName: String
    let keys: ObjectKeys
    /// Reads the kind's mapping; `claims` collects what inputs took that no other input may take
    /// too (a simulated key, a verdict of a torque controller).
    let read: @Sendable (CellReader, Node, inout [String: Node]) -> InputSource?

    static let all: [InputKind] = [
        InputKind(key: GPIOInputSettings.kind, schemaName: "gpioInput", keys: gpio) { cell, node, _ in
            cell.readGPIOInput(node)
        },
        InputKind(key: USBInputSettings.kind, schemaName: "usbInput", keys: usb) { cell, node, _ in
            cell.readUSBInput(node)
        },
        InputKind(key: SimulatedInputSettings.kind, schemaName: "simulatedInput", keys: simulated) {
            $0.readSimulatedInput($1, keys: &$2)
        },
        InputKind(key: OpenProtocolInputSettings.kind, schemaName: "openProtocolInput", keys: openProtocol) {
            $0.readOpenProtocolInput($1, claims: &$2)
        },
    ]

    static let gpio = FormatKeys.keys(
        "gpio input", ["chip", "line", "active-low", "bias"], required: ["chip", "line"])
    static let usb = FormatKeys.keys("usb input", ["device", "byte", "bit"], required: ["device", "byte", "bit"])
    static let simulated = FormatKeys.keys("simulated input", ["key"])
    static let openProtocol = FormatKeys.keys(
        "open-protocol input", ["host", "port", "keep-alive-s", "result"], required: ["host", "result"])
}

/// A GPIO line: chip name or path (`gpiochip0`), line offset.
public struct GPIOInputSettings: InputSettings {
    public static let kind = "gpio"
    public var chip: String
    public var line: Int
    public var activeLow: Bool
    public var bias: LineBias

    public init(chip: String, line: Int, activeLow: Bool, bias: LineBias = .asIs) {
        self.chip = chip
        self.line = line
        self.activeLow = activeLow
        self.bias = bias
    }
}

/// One bit of a USB device's input report.
public struct USBInputSettings: InputSettings {
    public static let kind = "usb"
    /// The id of a device in the cell's `usb-devices`.
    public var device: String
    public var byte: Int
    public var bit: Int

    public init(device: String, byte: Int, bit: Int) {
        self.device = device
        self.byte = byte
        self.bit = bit
    }
}

/// A simulated sensor, triggered by a key or a replay file (demo cells, tests).
public struct SimulatedInputSettings: InputSettings {
    public static let kind = "simulated"
    /// One printable character; nil: driven by replays only.
    public var key: String?

    public init(key: String? = nil) { self.key = key }
}

extension InputSource {
    /// The kinds a cell file may name, as `InputSettings.kind` spells them, in the loader's order.
    public static var readableKinds: [String] { InputKind.all.map(\.key) }

    public static func gpio(chip: String, line: Int, activeLow: Bool, bias: LineBias = .asIs) -> InputSource {
        InputSource(GPIOInputSettings(chip: chip, line: line, activeLow: activeLow, bias: bias))
    }
    public static func usb(device: String, byte: Int, bit: Int) -> InputSource {
        InputSource(USBInputSettings(device: device, byte: byte, bit: bit))
    }
    public static func simulated(key: String?) -> InputSource { InputSource(SimulatedInputSettings(key: key)) }
}

extension CellReader {
    func readGPIOInput(_ node: Node) -> InputSource? {
        guard let gpio = reader.fields(node, InputKind.gpio), let (chip, line, low) = readLine(gpio) else {
            return nil
        }
        let bias = gpio["bias"].flatMap { reader.choice($0, "bias", as: LineBias.self) } ?? .asIs
        return .gpio(chip: chip, line: line, activeLow: low, bias: bias)
    }

    func readUSBInput(_ node: Node) -> InputSource? {
        guard let usb = reader.fields(node, InputKind.usb),
            let device = usb["device"].flatMap({ known($0, "usb device", in: usbKinds) }),
            let byte = usb["byte"].flatMap({ reader.integer($0, "byte", in: Limits.usbByte) }),
            let bit = usb["bit"].flatMap({ reader.integer($0, "bit", in: Limits.usbBit) })
        else { return nil }
        if usbKinds[device] == .keyboard {
            reader.report(
                usb["device"]?.mark,
                "usb device '\(device)' is a keyboard-like reader, not a source of report bits",
                expected: "a device of kind buttons or io")
        }
        return .usb(device: device, byte: byte, bit: bit)
    }

    func readSimulatedInput(_ node: Node, keys: inout [String: Node]) -> InputSource? {
        guard let simulated = reader.fields(node, InputKind.simulated) else { return nil }
        guard let keyNode = simulated["key"] else { return .simulated(key: nil) }
        guard let key = reader.string(keyNode, "simulated key", maxLength: 16) else { return nil }
        guard DevicePaths.isKey(key) else {
            reader.report(
                keyNode.mark,
                "simulated key '\(key.debugDescription.dropFirst().dropLast())' is not one printable character",
                expected: "exactly one printable ASCII character such as \"p\" (not a space)")
            return nil
        }
        if let first = keys[key] {
            reader.report(
                keyNode.mark, "key '\(key)' is already used by another input (line \(first.mark?.line ?? 0))",
                expected: "a different key per input")
        }
        keys[key] = keyNode
        return .simulated(key: key)
    }
}
