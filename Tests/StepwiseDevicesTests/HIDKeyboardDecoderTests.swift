import Testing
@testable import StepwiseDevices

@Suite struct HIDKeyboardDecoderTests {
    /// Press and release one key (with modifiers), as a reader does for each character.
    func type(_ usage: UInt8, modifiers: UInt8 = 0, into decoder: inout HIDKeyboardDecoder) -> [String] {
        decoder.decode([modifiers, 0, usage, 0, 0, 0, 0, 0]) + decoder.decode([0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func badgeFixtureTypesA1234() throws {
        var decoder = HIDKeyboardDecoder()
        let lines = try USBFixtures.load("badge-A1234").flatMap { decoder.decode($0.bytes) }
        #expect(lines == ["A1234"])
        #expect(decoder.pendingText == "")
    }

    @Test func barcodeFixtureWithBackspaceShiftAndKeypadEnter() throws {
        var decoder = HIDKeyboardDecoder()
        let lines = try USBFixtures.load("barcode-variant").flatMap { decoder.decode($0.bytes) }
        #expect(lines == ["v-07_B"])
    }

    @Test func everyLetterAndDigitPlainAndShifted() {
        let plain = "abcdefghijklmnopqrstuvwxyz1234567890"
        let shifted = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!@#$%^&*()"
        for (modifiers, expected) in [(UInt8(0), plain), (0x02, shifted), (0x20, shifted)] {
            var decoder = HIDKeyboardDecoder()
            for usage in UInt8(0x04)...0x27 { _ = type(usage, modifiers: modifiers, into: &decoder) }
            #expect(type(0x28, into: &decoder) == [expected], "modifiers \(modifiers)")
        }
    }

    @Test func punctuationPlainAndShifted() {
        var decoder = HIDKeyboardDecoder()
        for usage: UInt8 in [0x2d, 0x2e, 0x36, 0x37, 0x38] { _ = type(usage, into: &decoder) }
        for usage: UInt8 in [0x2d, 0x2e, 0x33] { _ = type(usage, modifiers: 0x02, into: &decoder) }
        #expect(type(0x28, into: &decoder) == ["-=,./_+:"])
    }

    @Test func heldKeyTypesOnceAndRolloverIsIgnored() {
        var decoder = HIDKeyboardDecoder()
        _ = decoder.decode([0, 0, 0x04, 0, 0, 0, 0, 0])
        _ = decoder.decode([0, 0, 0x04, 0, 0, 0, 0, 0])
        _ = decoder.decode([0, 0, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01])
        _ = decoder.decode([0, 0, 0x04, 0x05, 0, 0, 0, 0])
        #expect(decoder.pendingText == "ab")
    }

    @Test func backspaceOnEmptyTextAndNonTypingKeysDoNothing() {
        var decoder = HIDKeyboardDecoder()
        _ = type(0x2a, into: &decoder)
        for usage: UInt8 in [0x29, 0x2b, 0x3a, 0x4f, 0xe1] { _ = type(usage, into: &decoder) }
        #expect(decoder.pendingText == "")
        _ = decoder.decode([0, 0])
        #expect(decoder.pendingText == "", "a report too short to hold a key is ignored")
    }

    @Test func lineLengthIsBounded() {
        var decoder = HIDKeyboardDecoder()
        for _ in 0..<(HIDKeyboardDecoder.maximumLineLength + 10) { _ = type(0x1e, into: &decoder) }
        #expect(decoder.pendingText.count == HIDKeyboardDecoder.maximumLineLength)
        decoder.reset()
        #expect(decoder.pendingText == "")
    }
}
