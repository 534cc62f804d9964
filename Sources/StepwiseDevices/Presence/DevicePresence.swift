import Foundation
import StepwiseCore

/// What `stepwise devices --cell` prints: for each device the cell names, whether it is present.
/// Looks only; never requests a line or claims an interface, so it is safe while the daemon runs.
public enum DevicePresence {
    /// The cell's devices in file order; `input` looks at one input as its kind knows how.
    public static func check(cell: Cell, projector: PresenceLine, input: (Input) -> PresenceLine) -> [PresenceLine] {
        var lines = [projector]
        lines += cell.inputs.map(input)
        lines += cell.outputs.map(output)
        lines += cell.usbDevices.map(usbDevice)
        return lines
    }

    /// A framebuffer device or file: whether it is there, and its size and layout.
    public static func framebuffer(_ config: FramebufferConfig) -> PresenceLine {
        let size = "\(config.width)×\(config.height) \(config.pixelFormat.rawValue)"
        switch config.target {
        case .device(let path):
            let present = FileManager.default.fileExists(atPath: path)
            return PresenceLine(
                subject: "projector", kind: .projector, present: present,
                detail: present
                    ? "framebuffer \(path), \(size)"
                    : "framebuffer \(path) missing; expected the projector's fbdev device")
        case .file(let path):
            let present = FileManager.default.fileExists(atPath: path)
            return PresenceLine(
                subject: "projector", kind: .projector, present: present,
                detail: present ? "file \(path), \(size)" : "file \(path) missing; it is created when the daemon starts"
            )
        }
    }

    /// A `usb` input: present when the cell lists its device (whose own row says whether it is plugged in).
    public static func usbInput(_ name: String, device: String, byte: Int, bit: Int, in cell: Cell) -> PresenceLine {
        guard cell.usbDevices.contains(where: { $0.id == device }) else {
            return PresenceLine(
                subject: name, kind: .usbInput, present: false,
                detail: "names usb device '\(device)', which the cell does not list; expected one of its usb devices")
        }
        return PresenceLine(
            subject: name, kind: .usbInput, present: true,
            detail: "usb \(device) byte \(byte) bit \(bit) (see the device's row)")
    }

    /// A simulated input is always there.
    public static func simulated(_ name: String, key: String?) -> PresenceLine {
        PresenceLine(
            subject: name, kind: .simulated, present: true,
            detail: key.map { "simulated (key \($0))" } ?? "simulated (replay only)")
    }

    static func output(_ output: Output) -> PresenceLine {
        switch output.sink {
        case .gpio(let chip, let line, _):
            return gpio(output.id.rawValue, kind: .gpioOutput, chip: chip, line: line)
        case .simulated:
            return PresenceLine(
                subject: output.id.rawValue, kind: .simulated, present: true, detail: "simulated output")
        }
    }

    /// A GPIO line: the chip, whether the line exists, and who uses it.
    public static func gpio(_ name: String, kind: PresenceLine.Kind, chip: String, line: Int) -> PresenceLine {
        switch GPIOChipLines.probe(chip: chip, line: line) {
        case .failure(let error):
            return PresenceLine(subject: name, kind: kind, present: false, detail: error.description)
        case .success(let state):
            let place = "\(state.chipName) [\(state.chipLabel)] line \(line)"
            guard state.lineExists else {
                return PresenceLine(
                    subject: name, kind: kind, present: false,
                    detail: "\(place): no such line; expected 0…\(state.lineCount - 1)")
            }
            let use = state.used ? "used by '\(state.consumer ?? "unnamed")'" : "free"
            return PresenceLine(
                subject: name, kind: kind, present: true, detail: "\(place) of \(state.lineCount), \(use)")
        }
    }

    static func usbDevice(_ device: USBDevice) -> PresenceLine {
        switch USBBus.locate(device) {
        case .failure(let error):
            return PresenceLine(subject: device.id, kind: .usbDevice, present: false, detail: error.message)
        case .success(let location):
            let serial = location.serial.map { ", serial \($0)" } ?? ""
            return PresenceLine(
                subject: device.id, kind: .usbDevice, present: true,
                detail:
                    "\(device.kind.rawValue) \(USBDevice.hex(location.vendorID)):\(USBDevice.hex(location.productID)) at \(location.path)\(serial)"
            )
        }
    }
}
