import StepwiseCore

/// Request flags for one line. Raw values are libgpiod 1.6's `GPIOD_LINE_REQUEST_FLAG_*` bits
/// (a test pins them), so the adapter passes them through unchanged; a libgpiod 2 port maps
/// these four cases onto line settings instead.
public struct GPIOLineFlags: OptionSet, Hashable, Sendable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let activeLow = GPIOLineFlags(rawValue: 1 << 2)
    public static let biasDisable = GPIOLineFlags(rawValue: 1 << 3)
    public static let biasPullDown = GPIOLineFlags(rawValue: 1 << 4)
    public static let biasPullUp = GPIOLineFlags(rawValue: 1 << 5)
}

/// One GPIO line the cell file names, ready to be requested from the kernel.
public struct GPIOLineRequest: Hashable, Sendable {
    /// Chip name (`gpiochip0`), number, label or path (`/dev/gpiochip0`), as `gpiod_chip_open_lookup` takes it.
    public var chip: String
    public var line: Int
    public var activeLow: Bool
    public var bias: LineBias
    /// Shown by `gpioinfo` as the line's user: the input or output id.
    public var consumer: String

    public init(chip: String, line: Int, activeLow: Bool, bias: LineBias = .asIs, consumer: String) {
        self.chip = chip
        self.line = line
        self.activeLow = activeLow
        self.bias = bias
        self.consumer = consumer
    }

    /// `gpiochip0 line 17`: how errors and presence lines name the line.
    public var subject: String { "\(chip) line \(line)" }

    /// The request flags: active-low and bias exactly as the cell file says.
    public var flags: GPIOLineFlags { Self.flags(activeLow: activeLow, bias: bias) }

    public static func flags(activeLow: Bool, bias: LineBias) -> GPIOLineFlags {
        var flags: GPIOLineFlags = activeLow ? [.activeLow] : []
        switch bias {
        case .asIs: break
        case .disabled: flags.insert(.biasDisable)
        case .pullUp: flags.insert(.biasPullUp)
        case .pullDown: flags.insert(.biasPullDown)
        }
        return flags
    }

    /// The cell's GPIO outputs (lamps, tool enables); outputs drive, so no bias.
    public static func outputs(of cell: Cell) -> [OutputID: GPIOLineRequest] {
        var requests: [OutputID: GPIOLineRequest] = [:]
        for output in cell.outputs {
            guard case .gpio(let chip, let line, let activeLow) = output.sink else { continue }
            requests[output.id] = GPIOLineRequest(
                chip: chip, line: line, activeLow: activeLow, bias: .asIs, consumer: output.id.rawValue)
        }
        return requests
    }
}

/// One edge on an input line, with the kernel's timestamp.
public struct GPIOEdge: Hashable, Sendable {
    public var input: InputID
    /// True when the line became active (after active-low inversion).
    public var rising: Bool
    /// The kernel's event timestamp in nanoseconds; CLOCK_MONOTONIC for libgpiod 1.6 on kernels ≥ 5.7.
    public var timestampNanoseconds: UInt64

    public init(input: InputID, rising: Bool, timestampNanoseconds: UInt64) {
        self.input = input
        self.rising = rising
        self.timestampNanoseconds = timestampNanoseconds
    }
}
