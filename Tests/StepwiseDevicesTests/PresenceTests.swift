import Foundation
import StepwiseCore
import Testing
@testable import StepwiseDevices

@Suite struct PresenceTests {
    static let hasGPIOChip =
        (try? FileManager.default.contentsOfDirectory(atPath: "/dev"))?
        .contains { $0.hasPrefix("gpiochip") } ?? false

    static let framebuffer = FramebufferConfig(
        target: .file(path: "/nonexistent/stepwise-fb.raw"), width: 1280, height: 800, pixelFormat: .xrgb8888)

    /// A display the adapter is never asked to open.
    struct NoDisplay: DisplaySettings { static let kind = "none" }

    /// A cell's devices, built in code; its inputs are read by their kinds (see `SensorKindsTests`).
    static let cell = Cell(
        id: "demo", title: LocalizedText(["en": "Demo"]),
        projector: Projector(
            display: DisplaySource(NoDisplay()), width: 1280, height: 800,
            calibration: Calibration(bench: [], projector: []), panel: Rect(x: 0, y: 0, width: 100, height: 50)),
        zones: [],
        inputs: [],
        usbDevices: [USBContextTests.absent],
        outputs: [
            Output(id: "lamp.bin-a", sink: .gpio(chip: "/dev/gpiochip0", line: 5, activeLow: false)),
            Output(id: "tool.enable", sink: .simulated),
        ],
        roles: StationRoles())

    @Test(.enabled(if: !hasGPIOChip)) func cellReportsEachDeviceWithoutCrashing() {
        let lines = DevicePresence.check(cell: Self.cell, projector: DevicePresence.framebuffer(Self.framebuffer)) {
            _ in
            Issue.record("no inputs")
            return DevicePresence.simulated("none", key: nil)
        }
        #expect(lines.map(\.subject) == ["projector", "lamp.bin-a", "tool.enable", "pedal"])
        #expect(lines.map(\.present) == [false, false, true, false])
        #expect(lines[1].kind == .gpioOutput)
        #expect(lines[3].kind == .usbDevice && lines[3].detail.hasPrefix("not on the bus"))
        #expect(lines[0].detail.contains("created when the daemon starts"))
    }

    @Test func inputRowsSayWhatTheirKindKnows() {
        #expect(DevicePresence.simulated("f", key: "f").detail == "simulated (key f)")
        #expect(DevicePresence.simulated("r", key: nil).detail == "simulated (replay only)")
        let stray = DevicePresence.usbInput("stray", device: "nobody", byte: 0, bit: 0, in: Self.cell)
        #expect(!stray.present && stray.detail.contains("names usb device 'nobody'"))
        let pedal = DevicePresence.usbInput("pedal.confirm", device: "pedal", byte: 0, bit: 1, in: Self.cell)
        #expect(pedal.present && pedal.detail == "usb pedal byte 0 bit 1 (see the device's row)")
    }

    @Test func existingProjectorFileIsPresent() {
        let line = DevicePresence.framebuffer(
            FramebufferConfig(target: .device(path: "/dev/null"), width: 640, height: 480, pixelFormat: .rgb565))
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
