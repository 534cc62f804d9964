import CLibUSB
import StepwiseCore

/// Finding the cell's devices on the bus by vendor:product (and serial, when the cell file names one).
enum USBBus {
    /// Bus position and ids of a listed device (serial left nil: reading it needs the device opened).
    static func location(of device: OpaquePointer) -> USBBusDevice {
        var descriptor = libusb_device_descriptor()
        _ = libusb_get_device_descriptor(device, &descriptor)
        var ports = [UInt8](repeating: 0, count: 7)
        let depth = libusb_get_port_numbers(device, &ports, Int32(ports.count))
        return USBBusDevice(
            vendorID: descriptor.idVendor, productID: descriptor.idProduct,
            bus: Int(libusb_get_bus_number(device)), ports: ports.prefix(Int(max(0, depth))).map(Int.init))
    }

    /// The serial string of an opened device, or nil when it has none.
    static func serial(of handle: OpaquePointer) -> String? {
        var descriptor = libusb_device_descriptor()
        guard libusb_get_device_descriptor(libusb_get_device(handle), &descriptor) == 0,
            descriptor.iSerialNumber != 0
        else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = libusb_get_string_descriptor_ascii(handle, descriptor.iSerialNumber, &buffer, Int32(buffer.count))
        guard length > 0 else { return nil }
        return String(decoding: buffer.prefix(Int(length)), as: UTF8.self)
    }

    /// Whether a device at `location` can be the configured one: same ids and, when the cell names
    /// a port, plugged into that port. Pure; the serial is checked separately (it needs the device opened).
    static func identityMatches(_ location: USBBusDevice, _ wanted: USBDevice) -> Bool {
        location.vendorID == wanted.vendorID && location.productID == wanted.productID
            && (wanted.port == nil || wanted.port == location.path)
    }

    /// Whether a listed device is the configured one. Reading the serial opens the device briefly.
    static func matches(_ device: OpaquePointer, _ wanted: USBDevice) -> (matches: Bool, serial: String?) {
        guard identityMatches(location(of: device), wanted) else { return (false, nil) }
        guard let serial = wanted.serial else { return (true, nil) }
        var handle: OpaquePointer?
        guard libusb_open(device, &handle) == 0, let handle else { return (false, nil) }
        defer { libusb_close(handle) }
        let found = self.serial(of: handle)
        return (found == serial, found)
    }

    /// The configured device on the bus, with a reference the caller must `libusb_unref_device`.
    static func find(_ wanted: USBDevice, in context: USBContext) -> Result<OpaquePointer, DeviceError> {
        let listed = context.withDevices { devices -> (OpaquePointer?, [String]) in
            var otherSerials: [String] = []
            for device in devices {
                let match = matches(device, wanted)
                if match.matches { return (libusb_ref_device(device), otherSerials) }
                if let serial = match.serial { otherSerials.append(serial) }
            }
            return (nil, otherSerials)
        }
        switch listed {
        case .failure(let error): return .failure(error)
        case .success((let device?, _)): return .success(device)
        case .success((nil, let serials)): return .failure(notFound(wanted, otherSerials: serials))
        }
    }

    /// The configured device's place on the bus, with a fresh context (for `stepwise devices`).
    static func locate(_ wanted: USBDevice) -> Result<USBBusDevice, DeviceError> {
        USBContext.make().flatMap { context in
            find(wanted, in: context).map { device in
                defer { libusb_unref_device(device) }
                var location = location(of: device)
                location.serial = wanted.serial
                return location
            }
        }
    }

    static func notFound(_ wanted: USBDevice, otherSerials: [String]) -> DeviceError {
        let id = "\(USBDevice.hex(wanted.vendorID)):\(USBDevice.hex(wanted.productID))"
        if let serial = wanted.serial, !otherSerials.isEmpty {
            return DeviceError(
                device: wanted.subject, kind: .notFound,
                message: "found \(id) with serial \(otherSerials.joined(separator: ", ")); expected serial \(serial)")
        }
        let serialNote = wanted.serial.map { " with serial \($0)" } ?? ""
        let portNote = wanted.port.map { " in port \($0)" } ?? ""
        return DeviceError(
            device: wanted.subject, kind: .notFound,
            message: "not on the bus; expected \(id)\(serialNote) plugged in\(portNote) (check with lsusb -t)")
    }
}
