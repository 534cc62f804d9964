import StepwiseCore

/// Turns one device's interrupt-IN reports into `USBEvent`s according to its kind (pure).
public struct USBReportDecoder: Hashable, Sendable {
    private enum Mode: Hashable, Sendable {
        case bits(HIDButtonReport, previous: [UInt8])
        case keyboard(HIDKeyboardDecoder)
    }

    public let device: String
    private var mode: Mode

    /// Button boxes, pedals and I/O modules decode report bits as the cell's `usb` inputs say;
    /// keyboard-like readers decode typed lines.
    public init(device: USBDevice, inputs: [USBInputBit]) {
        self.device = device.id
        switch device.kind {
        case .buttons, .io: mode = .bits(HIDButtonReport(device: device.id, inputs: inputs), previous: [])
        case .keyboard: mode = .keyboard(HIDKeyboardDecoder())
        }
    }

    public mutating func decode(_ report: [UInt8]) -> [USBEvent] {
        switch mode {
        case .bits(let buttons, let previous):
            mode = .bits(buttons, previous: report)
            return buttons.transitions(previous: previous, current: report).map {
                $0.pressed ? .pressed($0.input) : .released($0.input)
            }
        case .keyboard(var keyboard):
            let lines = keyboard.decode(report)
            mode = .keyboard(keyboard)
            return lines.map { .line(device: device, text: $0) }
        }
    }

    /// Forgets the previous report (the device went away): after it comes back, a held button
    /// is reported pressed again, and half-typed text is dropped.
    public mutating func reset() {
        switch mode {
        case .bits(let buttons, _): mode = .bits(buttons, previous: [])
        case .keyboard(var keyboard):
            keyboard.reset()
            mode = .keyboard(keyboard)
        }
    }
}
