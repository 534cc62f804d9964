import StepwiseCore

/// Which bit of an input report is which named input (`source: usb, byte: 0, bit: 1`).
public struct HIDButtonMapping: Hashable, Sendable {
    public var byte: Int
    public var bit: Int
    public var input: InputID
    public init(byte: Int, bit: Int, input: InputID) {
        self.byte = byte
        self.bit = bit
        self.input = input
    }
}

/// A cell input that is one bit of a USB device's input report.
public struct USBInputBit: Hashable, Sendable {
    /// The id of the device in the cell's `usb-devices`.
    public var device: String
    public var byte: Int
    public var bit: Int
    public var input: InputID
    public init(device: String, byte: Int, bit: Int, input: InputID) {
        self.device = device
        self.byte = byte
        self.bit = bit
        self.input = input
    }
}

/// An input whose report bit changed.
public struct HIDButtonTransition: Hashable, Sendable {
    public var input: InputID
    /// True when the bit went from 0 to 1.
    public var pressed: Bool
    public init(input: InputID, pressed: Bool) {
        self.input = input
        self.pressed = pressed
    }
}

/// Decodes button boxes, foot pedals and USB I/O modules: each configured report bit is one input.
/// Pure: the caller keeps the previous report.
public struct HIDButtonReport: Hashable, Sendable {
    public var mappings: [HIDButtonMapping]

    public init(mappings: [HIDButtonMapping]) { self.mappings = mappings }

    /// The mappings of the cell inputs that read bits of `device`'s reports, in the cell's order.
    public init(device: String, inputs: [USBInputBit]) {
        mappings = inputs.filter { $0.device == device }.map {
            HIDButtonMapping(byte: $0.byte, bit: $0.bit, input: $0.input)
        }
    }

    /// Pressed and released transitions from `previous` to `current`, in mapping order. Bytes a short
    /// report lacks count as zero, so a truncated report releases rather than invents presses.
    public func transitions(previous: [UInt8], current: [UInt8]) -> [HIDButtonTransition] {
        mappings.compactMap { mapping in
            let was = Self.bit(previous, mapping), now = Self.bit(current, mapping)
            return was == now ? nil : HIDButtonTransition(input: mapping.input, pressed: now)
        }
    }

    /// The inputs whose bit is set in `report`.
    public func active(in report: [UInt8]) -> [InputID] {
        mappings.filter { Self.bit(report, $0) }.map(\.input)
    }

    static func bit(_ report: [UInt8], _ mapping: HIDButtonMapping) -> Bool {
        guard mapping.byte >= 0, mapping.byte < report.count, (0..<8).contains(mapping.bit) else { return false }
        return report[mapping.byte] & (1 << UInt8(mapping.bit)) != 0
    }
}
