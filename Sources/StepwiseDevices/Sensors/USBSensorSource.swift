import StepwiseCore

/// The cell's USB devices on one libusb context: any of libusb's descriptors becoming ready means
/// "handle events"; the set follows devices coming and going.
public final class USBSensorSource: SensorSource {
    public let kind = "usb"
    public let faultKind = DeviceFault.Kind.usb
    private let usb: USBInputs
    public var onDescriptorsChanged: (() -> Void)?

    public init(_ usb: USBInputs) {
        self.usb = usb
        usb.onPollDescriptorsChanged = { [weak self] _ in self?.onDescriptorsChanged?() }
    }

    /// The cell's USB devices and the inputs that are bits of their reports; absent devices are
    /// faults that clear when plugged in. Nil without any device.
    public static func open(devices: [USBDevice], inputs: [USBInputBit]) -> Result<any SensorSource, DeviceError>? {
        guard !devices.isEmpty else { return nil }
        return USBInputs.open(devices: devices, inputs: inputs, whenAbsent: .awaitHotplug)
            .map { USBSensorSource($0) }
    }

    public var descriptors: [SensorDescriptor] {
        usb.pollDescriptors.map {
            SensorDescriptor(fd: $0.fd, readable: $0.readable, writable: $0.writable, subject: kind)
        }
    }

    public func read(_ descriptor: SensorDescriptor) -> [SensorReading] { drain() }

    /// libusb has no stamps of its own: a report is stamped when it is handled.
    public func drain() -> [SensorReading] {
        let now = MonotonicInstant.now()
        return usb.handleEvents().map { SensorReading(at: now, $0.reading) }
    }

    public func close() { usb.close() }
}

extension USBEvent {
    /// The event in every source's vocabulary.
    public var reading: SensorReading.What {
        switch self {
        case .pressed(let input): .active(input)
        case .released(let input): .inactive(input)
        case .line(let device, let text): .line(device: device, text: text)
        case .detached(let device):
            .absent(
                DeviceFault(device: device, kind: .usb, message: "unplugged; plug it back in, or confirm steps by hand")
            )
        case .attached(let device): .present(device: device)
        case .fault(let fault): .fault(fault)
        }
    }
}
