import StepwiseCore
import Testing
@testable import StepwiseDevices

@Suite struct USBReportDecoderTests {
    @Test func fixturesHaveReports() throws {
        for name in ["badge-A1234", "barcode-variant", "foot-pedal", "io-module"] {
            #expect(try USBFixtures.load(name).count >= 7, "\(name) should hold a recorded sequence")
        }
    }

    @Test func footPedalPressAndRelease() throws {
        var decoder = USBReportDecoder(device: USBFixtures.pedal, inputs: USBFixtures.inputs)
        #expect(try USBFixtures.mismatches("foot-pedal", decoder: &decoder) == [])
    }

    @Test func ioModuleBitsMapToInputsInCellOrder() throws {
        var decoder = USBReportDecoder(device: USBFixtures.ioModule, inputs: USBFixtures.inputs)
        #expect(try USBFixtures.mismatches("io-module", decoder: &decoder) == [])
    }

    @Test func readerTypesBadgeLine() throws {
        var decoder = USBReportDecoder(device: USBFixtures.reader, inputs: USBFixtures.inputs)
        #expect(try USBFixtures.mismatches("badge-A1234", decoder: &decoder) == [])
        #expect(decoder.decode([0, 0, 0x28, 0, 0, 0, 0, 0]) == [], "nothing pending, so Enter gives no line")
    }

    @Test func readerLinesNameTheDevice() {
        var decoder = USBReportDecoder(device: USBFixtures.reader, inputs: [])
        _ = decoder.decode([0, 0, 0x1e, 0, 0, 0, 0, 0])
        #expect(decoder.decode([0, 0, 0x28, 0, 0, 0, 0, 0]) == [.line(device: "reader", text: "1")])
    }

    @Test func resetReportsAHeldButtonAgain() {
        var decoder = USBReportDecoder(device: USBFixtures.pedal, inputs: USBFixtures.inputs)
        #expect(decoder.decode([2, 0, 0]) == [.pressed("pedal.confirm")])
        decoder.reset()
        #expect(decoder.decode([2, 0, 0]) == [.pressed("pedal.confirm")])
    }

    @Test func busPathAndSubjectFormatting() {
        #expect(USBBusDevice(vendorID: 1, productID: 2, bus: 1, ports: [2, 3]).path == "1-2.3")
        #expect(USBFixtures.pedal.subject == "usb pedal 05f3:00ff")
    }
}
