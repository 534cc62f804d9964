import Glibc
import StepwiseCore
import Testing
@testable import StepwiseDevices

private let inputs: [(input: InputID, key: String)] = [
    ("bin-a.pick", "1"), ("fixture.closed", "2"), ("pedal", "A"), ("clashes-with-quit", "q"), ("duplicate", "1"),
    ("two-letters", "ab"),
]

private func type(_ text: String, into map: inout KeyMap) -> [ConsoleCommand] {
    text.utf8.compactMap { map.feed($0) }
}

@Suite struct ConsoleKeyMapTests {
    @Test func simulatedInputsAreBoundByKey() {
        let map = KeyMap(keys: inputs)
        #expect(
            map.bindings == [
                UInt8(ascii: "1"): "bin-a.pick", UInt8(ascii: "2"): "fixture.closed", UInt8(ascii: "A"): "pedal",
            ])
        #expect(map.unusable == ["clashes-with-quit", "duplicate", "two-letters"])
    }

    @Test func keysBecomeCommands() {
        var map = KeyMap(keys: inputs)
        #expect(
            type("12x?lq", into: &map) == [
                .activate("bin-a.pick"), .activate("fixture.closed"), .showKeys, .logout, .quit,
            ])
    }

    @Test func aBadgeAndAScanAreTypedLines() {
        var map = KeyMap(keys: inputs)
        #expect(type("b1234\nsV2-7\r", into: &map) == [.badge("1234"), .scan("V2-7")])
        #expect(!map.isTypingLine)
    }

    @Test func keysInsideALineAreText() {
        var map = KeyMap(keys: inputs)
        #expect(type("bq1l", into: &map).isEmpty)
        #expect(map.isTypingLine)
        #expect(type("\n", into: &map) == [.badge("q1l")])
    }

    @Test func backspaceClearAndEscapeEditTheLine() {
        var map = KeyMap(keys: inputs)
        #expect(type("b12\u{7f}3\n", into: &map) == [.badge("13")])
        #expect(type("sAB\u{15}C\n", into: &map) == [.scan("C")])
        #expect(type("b99\u{1b}1", into: &map) == [.activate("bin-a.pick")])
        #expect(type("bü\u{7f}x\n", into: &map) == [.badge("x")])
    }

    @Test func anEmptyLineIsNothing() {
        var map = KeyMap(keys: inputs)
        #expect(type("b\n2", into: &map) == [.activate("fixture.closed")])
    }

    @Test func arrowKeysAreSwallowed() {
        var map = KeyMap(keys: inputs)
        #expect(type("\u{1b}[A\u{1b}[1;5A2", into: &map) == [.activate("fixture.closed")])
    }

    @Test func theKeyMapListsCellKeysAndFixedKeys() {
        let text = KeyMap(keys: inputs).description
        #expect(text.hasPrefix("1        bin-a.pick\n2        fixture.closed\nA        pedal\n"))
        #expect(text.contains("(no usable key: clashes-with-quit, duplicate, two-letters)"))
        #expect(text.hasSuffix(ConsoleKeys.help))
    }
}

@Suite struct ConsoleKeysPipeTests {
    @Test func aPipeDrivesTheConsoleThroughTheLoop() throws {
        let loop = try EventLoop()
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        var commands: [ConsoleCommand] = []
        var ended = false
        let console = try ConsoleKeys(
            fd: ends[0], keyMap: KeyMap(keys: inputs), loop: loop, onCommand: { commands.append($0) },
            onEnd: {
                ended = true
                loop.stop()
            })
        defer { console.close() }
        var bytes = Array("1\nb42\n2q".utf8)
        #expect(write(ends[1], &bytes, bytes.count) == bytes.count)
        close(ends[1])
        let net = loop.schedule(at: MonotonicInstant.now().adding(seconds: 5)) { loop.stop() }
        loop.run()
        loop.cancel(net)
        #expect(ended)
        #expect(commands == [.activate("bin-a.pick"), .badge("42"), .activate("fixture.closed"), .quit])
    }
}
