import Foundation
import StepwiseCore
import Testing
@testable import StepwiseDevices

/// libusb enumeration against a faked bus: umockdev fakes sysfs and /dev/bus/usb from
/// `Tests/Fixtures/usb/pedal.umockdev` (a root hub and a 05f3:00ff pedal at port 2). Runs only
/// under umockdev, as `make`-style:
/// `umockdev-run --device Tests/Fixtures/usb/pedal.umockdev -- swift test --skip-build --filter USBUmockdevTests`
@Suite(.enabled(if: ProcessInfo.processInfo.environment["UMOCKDEV_DIR"] != nil, "needs umockdev-run"))
struct USBUmockdevTests {
    static let pedal = USBDevice(id: "pedal", kind: .buttons, vendorID: 0x05f3, productID: 0x00ff)

    @Test func enumerationFindsTheFakedPedalWithItsPortPath() throws {
        let location = try USBBus.locate(Self.pedal).get()
        #expect(location.path == "1-2")
        #expect(location.vendorID == 0x05f3 && location.productID == 0x00ff)
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

    /// The fake node answers no usbfs ioctls, so claiming fails: it must fail as a value, not crash.
    @Test func openingWithoutUsbfsFailsAsAValue() {
        switch USBInputs.open(devices: [Self.pedal], inputs: USBFixtures.inputs) {
        case .success(let usb):
            usb.close()
            Issue.record("claimed an interface on a node without usbfs")
        case .failure(let error):
            #expect(error.device == "usb pedal 05f3:00ff")
            #expect(error.message.hasPrefix("claiming interface 0 failed"), "\(error)")
        }
    }
}
