import StepwiseTestSupport
import Foundation
import StepwiseCore
import Testing
@testable import StepwiseRuntime

/// Every USB device a shipped cell names has its udev line, so the service user can open it.
@Suite struct UdevRulesTests {
    @Test func everyShippedUSBDeviceHasARule() throws {
        let rules = try String(contentsOfFile: Repository.path("systemd/60-stepwise.rules"), encoding: .utf8)
        let ruleLines = rules.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains("SUBSYSTEM==\"usb\"") }
        let cells = try FileManager.default.contentsOfDirectory(atPath: Repository.path("Devices")).filter {
            $0.hasSuffix(".yaml")
        }
        let devices = try cells.flatMap { file in
            try Definitions.load(
                cellPath: Repository.path("Devices/\(file)"), instructionsPath: Repository.path("WorkInstructions")
            )
            .get().cell.usbDevices
        }
        #expect(devices.contains { $0.id == "pedal" }, "the Pi cell's pedal is among the devices checked")
        for device in devices {
            let ids = "ATTR{idVendor}==\"\(hex(device.vendorID))\", ATTR{idProduct}==\"\(hex(device.productID))\""
            #expect(
                ruleLines.contains { $0.contains(ids) && $0.contains("GROUP=\"stepwise\"") },
                "systemd/60-stepwise.rules: no line for \(device.id) (\(ids)); add one as the file's header says")
        }
    }

    func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
