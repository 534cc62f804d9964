import StepwiseCore
import Testing
@testable import StepwiseFormats

@Suite struct CellTests {
    @Test func minimalCellLoadsWithShapesLampsAndRoles() throws {
        let (cell, sets) = try CellFile.load(path: Fixture.formats("valid/minimal-cell.yaml")).get()
        #expect(sets == ["minimal", "full-featured"])
        #expect(cell.projector.framebuffer?.target == .file(path: Fixture.formats("valid/out/frame.raw")))
        #expect(cell.projector.framebuffer?.bytesPerRow(width: cell.projector.width) == 1280)
        #expect(cell.projector.minimumTextMM == 12)
        #expect(cell.language == "nl")
        #expect(cell.zone("bin-a")?.shape == .rectangle(Rect(x: 10, y: 10, width: 80, height: 60)))
        #expect(cell.zone("bin-a")?.lamp == "lamp.a")
        #expect(cell.zone("bin-b")?.shape.points.count == 4)
        #expect(cell.input("screw.nok")?.source == .simulated(key: nil))
        #expect(cell.input("screw.ok")?.debounceMilliseconds == 5)
        #expect(cell.input("help")?.stuckAfterSeconds == 20)
        #expect(cell.roles == StationRoles(help: "help", confirm: "pedal"))
    }

    @Test func projectorSizeFormatAndCalibrationAreChecked() {
        let list = cellErrors("invalid/degenerate-cell.yaml")
        #expect(find(list, 5, 10, "projector width is 10000, out of range", "1 to 8192") != nil)
        #expect(find(list, 7, 17, "unknown pixel-format 'rgb656'")?.suggestion == "rgb565")
    }

    @Test func degenerateCalibrationIsRejected() {
        let folder = Fixture.scratch()
        let text = try! String(contentsOfFile: Fixture.formats("invalid/degenerate-cell.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "10000", with: "640").replacingOccurrences(of: "rgb656", with: "rgb565")
        let list = diagnostics(CellFile.load(path: Fixture.write(text, "cell.yaml", in: folder)))
        #expect(find(list, 9, 5, "calibration points are degenerate") != nil, "\(list)")
    }

    @Test func wiringMistakesAreEachReported() {
        let list = cellErrors("invalid/wiring-cell.yaml")
        #expect(find(list, 18, 10, "'b' uses GPIO gpiochip0 line 5, already used by 'a'") != nil)
        #expect(find(list, 19, 27, "unknown usb device 'pedl'")?.suggestion == "pedal")
        #expect(find(list, 21, 30, "key 'x' is already used by another input (line 20)") != nil)
        #expect(find(list, 23, 77, "unknown lamp output 'lamp.a'") != nil)
        #expect(find(list, 24, 15, "unknown help input 'hlep'") != nil)
    }

    @Test func projectorWithBothTargetsIsRejected() {
        #expect(
            find(cellErrors("schema-invalid/cell-both-targets.yaml"), 5, 9, "projector has both device and file") != nil
        )
    }

    @Test func inputWithoutSourceIsRejected() {
        #expect(
            find(cellErrors("schema-invalid/cell-input-no-source.yaml"), 15, 5, "input 'lonely' has no source") != nil)
    }
}
