import StepwiseCore
import Testing
@testable import StepwiseDevices

/// Real libusb calls against this machine's bus, with a vendor:product nobody uses.
@Suite struct USBContextTests {
    static let absent = USBDevice(id: "pedal", kind: .buttons, vendorID: 0xfeed, productID: 0xbeef)

    @Test func contextInitialisesAndListsDevices() throws {
        let context = try USBContext.make().get()
        let count = try context.withDevices { $0.count }.get()
        #expect(count >= 0)
        #expect(!context.pollDescriptors.isEmpty, "libusb always watches its own event descriptor")
    }

    @Test func absentDeviceIsAClearError() throws {
        let context = try USBContext.make().get()
        guard case .failure(let error) = USBBus.find(Self.absent, in: context) else {
            Issue.record("found feed:beef")
            return
        }
        #expect(error.device == "usb pedal feed:beef")
        #expect(error.kind == .notFound)
        #expect(error.message == "not on the bus; expected feed:beef plugged in (check with lsusb -t)")
    }

    @Test func absentDeviceWithSerialSaysSo() {
        var wanted = Self.absent
        wanted.serial = "A7"
        #expect(USBBus.notFound(wanted, otherSerials: []).message.contains("feed:beef with serial A7 plugged in"))
        #expect(
            USBBus.notFound(wanted, otherSerials: ["B2"]).message
                == "found feed:beef with serial B2; expected serial A7")
    }

    @Test func openingInputsWithAnAbsentDeviceFails() {
        guard case .failure(let error) = USBInputs.open(devices: [Self.absent], inputs: USBFixtures.inputs) else {
            Issue.record("opened an absent device")
            return
        }
        #expect(error.message.contains("not on the bus"))
    }

    @Test func awaitingHotplugReportsTheAbsentDeviceAsAFault() throws {
        let context = try USBContext.make().get()
        let result = USBInputs.open(devices: [Self.absent], inputs: [], whenAbsent: .awaitHotplug)
        guard context.hasHotplug else {
            #expect(throws: DeviceError.self) { try result.get() }
            return
        }
        let usb = try result.get()
        defer { usb.close() }
        let events = usb.handleEvents()
        #expect(events.count == 1)
        guard case .fault(let fault) = events.first else {
            Issue.record("expected a fault, got \(events)")
            return
        }
        #expect(fault.device == "pedal" && fault.kind == .usb)
        #expect(fault.message.hasSuffix("it is picked up when plugged in"))
        #expect(usb.attachedDevices.isEmpty)
        #expect(usb.handleEvents().isEmpty, "the fault is reported once")
        #expect(!usb.pollDescriptors.isEmpty)
    }

    @Test func noDevicesOpenAnIdleContext() throws {
        let usb = try USBInputs.open(devices: [], inputs: []).get()
        #expect(usb.handleEvents().isEmpty)
        usb.close()
        #expect(usb.handleEvents().isEmpty, "closed inputs give no events")
    }
}
