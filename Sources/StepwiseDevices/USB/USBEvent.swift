import StepwiseCore

/// What the cell's USB devices did since the last `USBInputs.handleEvents()`.
public enum USBEvent: Hashable, Sendable {
    /// A report bit mapped to an input went from 0 to 1.
    case pressed(InputID)
    case released(InputID)
    /// A keyboard-like reader typed a line and Enter: a badge id or a barcode.
    case line(device: String, text: String)
    /// The device went away (unplugged, reset). Its inputs count as released from now on.
    case detached(device: String)
    /// The device is back (hotplug) and reading again.
    case attached(device: String)
    case fault(DeviceFault)
}

/// A descriptor libusb wants watched. On Linux, usbfs device descriptors signal completed
/// transfers as *writable* (POLLOUT), so the loop must honour `writable`, not only `readable`.
public struct USBPollDescriptor: Hashable, Sendable {
    public var fd: Int32
    public var readable: Bool
    public var writable: Bool
    public init(fd: Int32, readable: Bool, writable: Bool) {
        self.fd = fd
        self.readable = readable
        self.writable = writable
    }
}

/// Where a device sits on the bus, as `lsusb -t` and udev show it.
public struct USBBusDevice: Hashable, Sendable {
    public var vendorID: UInt16
    public var productID: UInt16
    public var bus: Int
    /// Port numbers from the root hub; empty for a root hub itself.
    public var ports: [Int]
    public var serial: String?

    public init(vendorID: UInt16, productID: UInt16, bus: Int, ports: [Int], serial: String? = nil) {
        self.vendorID = vendorID
        self.productID = productID
        self.bus = bus
        self.ports = ports
        self.serial = serial
    }

    /// sysfs-style path: `1-2.3` is bus 1, port 2, then port 3 of the hub behind it.
    public var path: String { "\(bus)-" + ports.map(String.init).joined(separator: ".") }
}

extension USBDevice {
    /// `usb pedal 05f3:00ff`: how errors and faults name the device.
    public var subject: String { "usb \(id) \(USBDevice.hex(vendorID)):\(USBDevice.hex(productID))" }

    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
