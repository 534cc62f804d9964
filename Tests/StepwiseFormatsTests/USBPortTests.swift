import Foundation
import StepwiseCore
import Testing
@testable import StepwiseFormats

/// `port:` on a USB device: a port path as udev shows it, or a located error.
@Suite struct USBPortTests {
    static let pedalLine =
        #"- {id: pedal, kind: buttons, vendor: "0x0c45", product: "0x7403", interface: 0, endpoint: "0x81"}"#

    func piCell(pedalPort port: String) throws -> String {
        let text = try String(contentsOfFile: Fixture.path("Devices/pi-cell.yaml"), encoding: .utf8)
        #expect(text.contains(Self.pedalLine), "the Pi cell's pedal line changed; update this test")
        let wired = Self.pedalLine.replacingOccurrences(of: "}", with: ", port: \(port)}")
        return Fixture.write(
            text.replacingOccurrences(of: Self.pedalLine, with: wired), "cell.yaml", in: Fixture.scratch())
    }

    @Test func aPortPathIsRead() throws {
        let (cell, _) = try CellFile.load(path: try piCell(pedalPort: #""1-2.3""#)).get()
        #expect(cell.usbDevices.first { $0.id == "pedal" }?.port == "1-2.3")
        #expect(cell.usbDevices.first { $0.id == "check-box" }?.port == nil)
    }

    @Test func somethingElseIsALocatedError() throws {
        for bad in [#""usb2""#, #""1-""#, #""1-2.x""#, "3"] {
            let errors = diagnostics(CellFile.load(path: try piCell(pedalPort: bad)))
            #expect(
                errors.contains { "\($0)".contains("is not a USB port path") || "\($0)".contains("port must be text") },
                "\(bad): \(errors)")
        }
    }
}
