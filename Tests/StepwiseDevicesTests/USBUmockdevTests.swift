import Foundation
import StepwiseCore
import Testing
@testable import StepwiseDevices

/// libusb against a faked bus: umockdev fakes sysfs and /dev/bus/usb from
/// `Tests/Fixtures/usb/bench.umockdev` (pedal 05f3:00ff at 1-2, badge reader 08ff:0009 at 1-3,
/// I/O module 16c0:05df at 1-4) and answers the usbfs ioctls of the pedal and the reader from
/// `pedal.ioctl` and `badge-reader.ioctl`: each script's interrupt-IN reports, then a URB that
/// completes with -ENODEV, which is what the kernel does to a transfer in flight when the device
/// is unplugged. Runs only under umockdev (`make test` does it through scripts/test-umockdev.sh).
///
/// Serialized: umockdev's usbfs replay keeps one submitted URB at a time for the whole process,
/// and each script is consumed once per run.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["UMOCKDEV_DIR"] != nil, "needs umockdev-run"))
struct USBUmockdevTests {
    static let pedal = USBDevice(id: "pedal", kind: .buttons, vendorID: 0x05f3, productID: 0x00ff)
    static let reader = USBDevice(id: "reader", kind: .keyboard, vendorID: 0x08ff, productID: 0x0009)
    static let ioModule = USBDevice(id: "io", kind: .io, vendorID: 0x16c0, productID: 0x05df)
    static let pedalInputs = [
        USBInputBit(device: "pedal", byte: 0, bit: 0, input: "pedal.done"),
        USBInputBit(device: "pedal", byte: 0, bit: 1, input: "confirm"),
    ]

    @Test func enumerationFindsTheFakedDevicesWithTheirPortPaths() throws {
        let pedal = try USBBus.locate(Self.pedal).get()
        #expect(pedal.path == "1-2")
        #expect(pedal.vendorID == 0x05f3 && pedal.productID == 0x00ff)
        #expect(try USBBus.locate(Self.reader).get().path == "1-3")
    }

    @Test func aPortPathPicksTheDeviceOnlyInThatPort() throws {
        var wired = Self.pedal
        wired.port = "1-2"
        #expect(try USBBus.locate(wired).get().path == "1-2")
        wired.port = "1-3"
        #expect(throws: DeviceError.self) { try USBBus.locate(wired).get() }
    }

    @Test func presenceReportsThePedalPresent() {
        let line = DevicePresence.usbDevice(Self.pedal)
        #expect(line.present)
        #expect(line.detail == "buttons 05f3:00ff at 1-2")
    }

    @Test func aDifferentProductIsStillAbsent() {
        var other = Self.pedal
        other.productID = 0x00fe
        #expect(throws: DeviceError.self) { try USBBus.locate(other).get() }
    }

    /// Press left, press middle, release left, release all, unplug: through usbfs, libusb's
    /// asynchronous transfer, the report decoder and the hotplug state, end to end.
    @Test func pedalReportsArriveDecodedAndTheUnplugIsADetach() throws {
        let usb = try USBInputs.open(devices: [Self.pedal], inputs: Self.pedalInputs).get()
        defer { usb.close() }
        #expect(usb.attachedDevices == ["pedal"])
        let tokens = Self.drain(usb)
        #expect(tokens == ["+pedal.done", "+confirm", "-pedal.done", "-confirm", "detached:pedal"])
        #expect(usb.attachedDevices.isEmpty, "an unplugged device is let go of until it comes back")
    }

    /// The reader types "A1234" and Enter (shift held for the A), then is unplugged.
    @Test func badgeReaderReportsBecomeALine() throws {
        let usb = try USBInputs.open(devices: [Self.reader], inputs: []).get()
        defer { usb.close() }
        #expect(Self.drain(usb) == ["line:A1234", "detached:reader"])
    }

    /// The I/O module has no script: its usbfs accepts the claim but fails the transfer. That must
    /// be an error value naming the device, never a crash or a silent half-open device.
    @Test func aDeviceWhoseTransfersFailIsAnErrorValue() {
        switch USBInputs.open(devices: [Self.ioModule], inputs: []) {
        case .success(let usb):
            usb.close()
            Issue.record("opened a device whose transfers cannot be submitted")
        case .failure(let error):
            #expect(error.device == "usb io 16c0:05df")
            #expect(error.message.hasPrefix("submitting a transfer failed"), "\(error)")
        }
    }

    /// The daemon's way of opening: a device that fails and one that is absent are two faults,
    /// not a reason to give up on USB (the others would still be read; the station goes on).
    @Test func awaitingHotplugTurnsEachBadDeviceIntoAFault() throws {
        let absent = USBDevice(id: "absent", kind: .buttons, vendorID: 0xfeed, productID: 0xbeef)
        let usb = try USBInputs.open(devices: [Self.ioModule, absent], inputs: [], whenAbsent: .awaitHotplug).get()
        defer { usb.close() }
        let faults = usb.handleEvents().compactMap { event -> String? in
            guard case .fault(let fault) = event else { return nil }
            return "\(fault.device): \(fault.message)"
        }
        #expect(faults.count == 2, "\(faults)")
        #expect(faults.first?.hasPrefix("io: ") == true && faults.first?.hasSuffix("replug it to retry") == true)
        #expect(
            faults.last?.hasPrefix("absent: not on the bus") == true
                && faults.last?.hasSuffix("picked up when plugged in") == true)
        #expect(usb.attachedDevices.isEmpty)
    }

    /// Handles events until the device is gone (bounded: a script that never ends fails the test).
    /// The faked usbfs node is a regular file, always ready, so no waiting is involved.
    static func drain(_ usb: USBInputs) -> [String] {
        var tokens: [String] = []
        for _ in 0..<50 where !tokens.contains(where: { $0.hasPrefix("detached:") }) {
            tokens += usb.handleEvents().map(USBFixtures.token)
        }
        return tokens
    }
}
