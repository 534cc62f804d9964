import Foundation
import StepwiseCore
import Testing
@testable import StepwiseFormats

@Suite struct ShippedFilesTests {
    @Test func workInstructionsAndDevicesValidateWithoutErrors() {
        let report = Validation.validate(paths: [Fixture.path("WorkInstructions"), Fixture.path("Devices")])
        #expect(!report.hasErrors, "\(report.formatted())")
        #expect(report.cells.map(\.cell.id.rawValue).sorted() == ["demo-cell", "pi-cell-3"])
        #expect(report.instructionSets.map(\.id.rawValue).sorted() == ["car-seat", "led-streetlight"])
        #expect(report.setFiles["led-streetlight"] == Fixture.path("WorkInstructions/led-streetlight.yaml"))
    }

    @Test func streetLightHasVariantsTorqueScrewsAndAQualityGroup() throws {
        let set = try InstructionSetFile.load(path: Fixture.path("WorkInstructions/led-streetlight.yaml")).get()
        #expect(set.allSteps.count >= 12)
        #expect(set.variants.map(\.id.rawValue) == ["40w", "60w"])
        let screws = try #require(set.step("screw-board"))
        #expect(screws.completion == .input("torque.ok", count: 4))
        #expect(screws.wrongActions.contains { $0.input == "torque.nok" && $0.kind == .toolNotOK })
        #expect(set.step("pick-board-60w")?.variants == ["60w"])
        #expect(set.stages(for: "40w").count == set.stages(for: "60w").count)
        guard case .group(let group)? = set.sequence.last else {
            Issue.record("last item is not a group")
            return
        }
        #expect(group.steps.count >= 3)
        #expect(set.allSteps.allSatisfy { $0.text.translations["nl"] != nil && $0.text.translations["en"] != nil })
    }

    @Test func carSeatHasTenStepsAndStandardGuidance() throws {
        let set = try InstructionSetFile.load(path: Fixture.path("WorkInstructions/car-seat.yaml")).get()
        #expect(set.allSteps.count >= 10)
        #expect(set.guidance == .standard)
        #expect(set.policy.floor == .hint)
        #expect(set.step("place-shell")?.completion == .input("fixture.shell", count: 1))
    }

    @Test func demoCellResolvesItsFramebufferRelativeToTheFile() throws {
        let (cell, sets) = try CellFile.load(path: Fixture.path("Devices/demo-cell.yaml")).get()
        #expect(cell.projector.framebuffer?.target == .file(path: Fixture.path("out/framebuffer.raw")))
        #expect(
            cell.projector.width == 1280 && cell.projector.height == 800
                && cell.projector.framebuffer?.pixelFormat == .xrgb8888)
        #expect(sets == ["led-streetlight", "car-seat"])
        #expect(cell.zones.filter { $0.kind == .bin }.count >= 5)
        #expect(cell.inputs.allSatisfy { $0.source.kind == SimulatedInputSettings.kind })
        #expect(cell.input("torque.ok")?.source == .simulated(key: "t"))
        #expect(cell.roles.help == "help" && cell.roles.confirm == "confirm")
        #expect(cell.projector.calibration.homography != nil)
    }

    @Test func piCellHasGPIOAndUSBWiring() throws {
        let (cell, _) = try CellFile.load(path: Fixture.path("Devices/pi-cell.yaml")).get()
        #expect(cell.projector.framebuffer?.target == .device(path: "/dev/fb0"))
        #expect(cell.input("bin-1.pick")?.source == .gpio(chip: "gpiochip0", line: 5, activeLow: true, bias: .pullUp))
        #expect(cell.input("bin-1.pick")?.debounceMilliseconds == 15)
        let pedal = try #require(cell.usbDevices.first { $0.id == "pedal" })
        #expect(pedal.vendorID == 0x0c45 && pedal.productID == 0x7403 && pedal.endpoint == 0x81)
        #expect(cell.roles.reader == "badge-reader")
        #expect(
            cell.outputs.contains {
                $0.id == "torque.enable" && $0.sink == .gpio(chip: "gpiochip0", line: 18, activeLow: true)
            })
    }

    @Test func picturesAreResolvedToAbsolutePaths() throws {
        let set = try InstructionSetFile.load(path: Fixture.path("WorkInstructions/car-seat.yaml")).get()
        #expect(set.step("place-shell")?.picture == Fixture.path("WorkInstructions/pictures/place-shell.png"))
    }
}
