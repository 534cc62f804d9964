import StepwiseCore
import Testing
@testable import StepwiseDevices

/// Telling identical devices apart by the port they are plugged into (`port: "1-2.3"`).
@Suite struct USBPortMatchTests {
    let pedal = USBDevice(id: "pedal", kind: .buttons, vendorID: 0x0c45, productID: 0x7403)
    let behindHub = USBBusDevice(vendorID: 0x0c45, productID: 0x7403, bus: 1, ports: [2, 3])

    @Test func withoutAPortAnyPortMatches() {
        #expect(USBBus.identityMatches(behindHub, pedal))
    }

    @Test func aNamedPortMustBeThePortPath() {
        var wired = pedal
        wired.port = "1-2.3"
        #expect(USBBus.identityMatches(behindHub, wired))
        wired.port = "1-2"
        #expect(!USBBus.identityMatches(behindHub, wired), "the hub's port is not the device's port")
    }

    @Test func idsStillHaveToMatch() {
        var other = pedal
        other.productID = 0x7404
        other.port = "1-2.3"
        #expect(!USBBus.identityMatches(behindHub, other))
    }

    @Test func notFoundNamesThePort() {
        var wired = pedal
        wired.port = "1-4"
        let error = USBBus.notFound(wired, otherSerials: [])
        #expect(error.message == "not on the bus; expected 0c45:7403 plugged in in port 1-4 (check with lsusb -t)")
    }
}
