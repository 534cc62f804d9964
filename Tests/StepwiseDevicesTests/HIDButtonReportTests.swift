import StepwiseCore
import Testing
@testable import StepwiseDevices

@Suite struct HIDButtonReportTests {
    let buttons = HIDButtonReport(device: "io", inputs: USBFixtures.inputs)

    @Test func mappingsComeFromTheDevicesInputsOnly() {
        #expect(
            buttons.mappings == [
                HIDButtonMapping(byte: 0, bit: 0, input: "bin-a.pick"),
                HIDButtonMapping(byte: 0, bit: 7, input: "bin-b.pick"),
                HIDButtonMapping(byte: 1, bit: 2, input: "torque.ok"), HIDButtonMapping(byte: 1, bit: 7, input: "door"),
            ])
    }

    @Test func everySingleBitPressesExactlyItsInput() {
        for mapping in buttons.mappings {
            var report: [UInt8] = [0, 0]
            report[mapping.byte] = 1 << UInt8(mapping.bit)
            #expect(
                buttons.transitions(previous: [0, 0], current: report) == [
                    HIDButtonTransition(input: mapping.input, pressed: true)
                ])
            #expect(
                buttons.transitions(previous: report, current: [0, 0]) == [
                    HIDButtonTransition(input: mapping.input, pressed: false)
                ])
            #expect(buttons.active(in: report) == [mapping.input])
        }
    }

    @Test func unmappedBitsAndImpossiblePositionsGiveNothing() {
        let odd = HIDButtonReport(mappings: [
            HIDButtonMapping(byte: 5, bit: 0, input: "far"), HIDButtonMapping(byte: 0, bit: 9, input: "bad-bit"),
        ])
        #expect(odd.transitions(previous: [], current: [0xff, 0xff]) == [])
        #expect(buttons.transitions(previous: [0x00, 0x00], current: [0x7e, 0x7b]) == [])
    }
}
