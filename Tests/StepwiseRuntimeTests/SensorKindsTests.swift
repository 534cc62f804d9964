import Foundation
import StepwiseCore
import StepwiseFormats
import Testing
@testable import StepwiseDevices
@testable import StepwiseRuntime

/// The kind table: every kind a cell file may name is opened and looked at by one line of it.
@Suite struct SensorKindsTests {
    static let hasGPIOChip =
        (try? FileManager.default.contentsOfDirectory(atPath: "/dev"))?
        .contains { $0.hasPrefix("gpiochip") } ?? false

    /// A cell with simulated sensors plus one of each real kind, built in code.
    static let cell = Cell(
        id: "demo", title: LocalizedText(["en": "Demo"]),
        projector: Projector(
            display: DisplaySource(
                FramebufferDisplaySettings(target: .file(path: "/nonexistent/stepwise-fb.raw"), pixelFormat: .xrgb8888)),
            width: 1280, height: 800,
            calibration: Calibration(bench: [], projector: []), panel: Rect(x: 0, y: 0, width: 100, height: 50)),
        zones: [],
        inputs: [
            Input(id: "bin-a.pick", source: .gpio(chip: "gpiochip0", line: 17, activeLow: true, bias: .pullUp)),
            Input(id: "fixture.closed", source: .simulated(key: "f")),
            Input(id: "replayed", source: .simulated(key: nil)),
            Input(id: "pedal.confirm", source: .usb(device: "pedal", byte: 0, bit: 1)),
            Input(id: "stray", source: .usb(device: "nobody", byte: 0, bit: 0)),
        ],
        usbDevices: [USBDevice(id: "pedal", kind: .buttons, vendorID: 0xfeed, productID: 0xbeef)],
        outputs: [
            Output(id: "lamp.bin-a", sink: .gpio(chip: "/dev/gpiochip0", line: 5, activeLow: false)),
            Output(id: "tool.enable", sink: .simulated),
        ],
        roles: StationRoles())

    @Test func everyReadableKindHasOneSensorKind() {
        #expect(InputSource.readableKinds.sorted() == SensorKind.all.map(\.name).sorted())
        #expect(Set(SensorKind.all.map(\.name)).count == SensorKind.all.count)
    }

    @Test(.enabled(if: !hasGPIOChip)) func cellReportsEachDeviceWithoutCrashing() {
        let lines = DevicePresence.check(cell: Self.cell)
        #expect(
            lines.map(\.subject) == [
                "projector", "bin-a.pick", "fixture.closed", "replayed", "pedal.confirm", "stray", "lamp.bin-a",
                "tool.enable", "pedal",
            ])
        #expect(lines.map(\.present) == [false, false, true, true, true, false, false, true, false])
        #expect(lines[1].kind == .gpioInput && lines[1].detail.hasPrefix("gpiochip0: chip not found"))
        #expect(lines[2].detail == "simulated (key f)")
        #expect(lines[3].detail == "simulated (replay only)")
        #expect(lines[5].detail.contains("names usb device 'nobody'"))
    }

    @Test func inputsOfCellAreItsGPIOInputsOnly() {
        let requests = GPIOLineRequest.inputs(of: Self.cell)
        #expect(
            requests == [
                "bin-a.pick": GPIOLineRequest(
                    chip: "gpiochip0", line: 17, activeLow: true, bias: .pullUp, consumer: "bin-a.pick")
            ])
        #expect(requests["bin-a.pick"]?.flags == [.activeLow, .biasPullUp])
    }

    @Test func usbBitsAndKeysComeFromTheirOwnKinds() {
        #expect(USBInputBit.inputs(of: Self.cell).map(\.input) == ["pedal.confirm", "stray"])
        #expect(KeyMap(cell: Self.cell).bindings == [UInt8(ascii: "f"): "fixture.closed"])
    }
}
