import Foundation
import StepwiseCore
import Testing
@testable import StepwiseDevices

@Suite struct PresenceTests {
    static let hasGPIOChip =
        (try? FileManager.default.contentsOfDirectory(atPath: "/dev"))?
        .contains { $0.hasPrefix("gpiochip") } ?? false

    /// The demo cell's devices, built in code: simulated sensors plus one of each real kind.
    static let cell = Cell(
        id: "demo", title: LocalizedText(["en": "Demo"]),
        projector: Projector(
            target: .file(path: "/nonexistent/stepwise-fb.raw"), width: 1280, height: 800, pixelFormat: .xrgb8888,
            calibration: Calibration(bench: [], projector: []), panel: Rect(x: 0, y: 0, width: 100, height: 50)),
        zones: [],
        inputs: [
            Input(id: "bin-a.pick", source: .gpio(chip: "gpiochip0", line: 17, activeLow: true, bias: .pullUp)),
            Input(id: "fixture.closed", source: .simulated(key: "f")),
            Input(id: "replayed", source: .simulated(key: nil)),
            Input(id: "pedal.confirm", source: .usb(device: "pedal", byte: 0, bit: 1)),
            Input(id: "stray", source: .usb(device: "nobody", byte: 0, bit: 0)),
        ],
        usbDevices: [USBContextTests.absent],
        outputs: [
            Output(id: "lamp.bin-a", sink: .gpio(chip: "/dev/gpiochip0", line: 5, activeLow: false)),
            Output(id: "tool.enable", sink: .simulated),
        ],
        roles: StationRoles())

    @Test(.enabled(if: !hasGPIOChip)) func demoCellReportsEachDeviceWithoutCrashing() {
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
        #expect(lines[6].kind == .gpioOutput)
        #expect(lines[8].kind == .usbDevice && lines[8].detail.hasPrefix("not on the bus"))
        #expect(lines[0].detail.contains("created when the daemon starts"))
    }

    @Test func existingProjectorFileIsPresent() {
        let line = DevicePresence.projector(
            Projector(
                target: .device(path: "/dev/null"), width: 640, height: 480, pixelFormat: .rgb565,
                calibration: Calibration(bench: [], projector: []), panel: Rect(x: 0, y: 0, width: 1, height: 1)))
        #expect(line.present)
        #expect(line.detail == "framebuffer /dev/null, 640×480 rgb565")
    }

    @Test func tableAlignsColumns() {
        let table = PresenceLine.table([
            PresenceLine(subject: "bin-a.pick", kind: .gpioInput, present: false, detail: "gpiochip0: chip not found"),
            PresenceLine(subject: "f", kind: .simulated, present: true, detail: "simulated (key f)"),
        ])
        #expect(
            table == """
                         KIND        NAME        DETAIL
                MISSING  gpio input  bin-a.pick  gpiochip0: chip not found
                ok       simulated   f           simulated (key f)

                """)
    }
}
