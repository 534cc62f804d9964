import Foundation
import StepwiseCore
import StepwiseLog
import StepwiseRuntime
import StepwiseSetup
import StepwiseTestSupport
import Testing

/// `stepwise calibrate`'s parts: keys, jogging, the projected pattern and check, writing the cell.
@Suite struct CalibrationTests {
    func keys(_ text: String) -> [CalibrationKey] {
        var decoder = CalibrationKeys()
        return Array(text.utf8).compactMap { decoder.feed($0) }
    }

    @Test func keysOfAPlainTerminal() {
        #expect(
            keys("3\u{1b}[A\u{1b}[C\u{1b}[1;2D") == [
                .select(3), .move(dx: 0, dy: -1), .move(dx: 1, dy: 0), .move(dx: -10, dy: 0),
            ])
        #expect(
            keys("hjklHJKL") == [
                .move(dx: -1, dy: 0), .move(dx: 0, dy: 1), .move(dx: 0, dy: -1), .move(dx: 1, dy: 0),
                .move(dx: -10, dy: 0), .move(dx: 0, dy: 10), .move(dx: 0, dy: -10), .move(dx: 10, dy: 0),
            ])
        #expect(keys("\t\r") == [.next, .accept])
        #expect(keys("q") == [.cancel])
        #expect(keys("\u{03}") == [.cancel], "Ctrl-C arrives as a byte in raw-byte mode")
        #expect(keys("\u{1b}\u{1b}") == [.cancel])
        #expect(keys("5x") == [], "keys without a meaning do nothing")
    }

    @Test func joggingMovesTheSelectedCrosshairInsideTheImage() {
        var jog = CalibrationJog(
            crosshairs: [PointPX(x: 5, y: 5), PointPX(x: 90, y: 5), PointPX(x: 90, y: 40), PointPX(x: 5, y: 40)],
            width: 100, height: 50)
        jog.apply(.move(dx: -10, dy: 0))
        #expect(jog.crosshairs[0] == PointPX(x: 0, y: 5), "stopped at the image's edge")
        jog.apply(.select(3))
        jog.apply(.move(dx: 10, dy: 1))
        #expect(jog.selected == 2)
        #expect(jog.crosshairs[2] == PointPX(x: 99, y: 41))
        jog.apply(.next)
        #expect(jog.selected == 3)
    }

    /// The demo cell copied into a scratch folder with its framebuffer file there too.
    func scratchCell() throws -> (cell: String, framebuffer: String) {
        let dir = try Repository.scratch()
        var text = try String(contentsOfFile: Repository.path("Devices/demo-cell.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "file: ../out/framebuffer.raw", with: "file: fb.raw")
        let cell = dir.appendingPathComponent("cell.yaml").path
        try text.write(toFile: cell, atomically: true, encoding: .utf8)
        return (cell, dir.appendingPathComponent("fb.raw").path)
    }

    /// The cell through the daemon's loader, validated with the shipped instruction sets.
    func load(_ cellPath: String) throws -> Cell {
        try Definitions.load(cellPath: cellPath, instructionsPath: Repository.path("WorkInstructions")).get().cell
    }

    let keystone = Calibration(
        bench: [PointMM(x: 0, y: 0), PointMM(x: 1000, y: 0), PointMM(x: 1000, y: 600), PointMM(x: 0, y: 600)],
        projector: [PointPX(x: 40, y: 30), PointPX(x: 1240, y: 30), PointPX(x: 1140, y: 770), PointPX(x: 140, y: 770)])

    /// The B,G,R bytes of pixel (x, y) of a 1280-wide xrgb8888 framebuffer file.
    func pixel(_ bytes: Data, _ x: Int, _ y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let i = (y * 1280 + x) * 4
        return (bytes[i + 2], bytes[i + 1], bytes[i])
    }

    @Test func theVerificationFrameDrawsEveryZoneThroughTheNewMapIntoTheFramebuffer() throws {
        let (cellPath, framebuffer) = try scratchCell()
        let cell = try load(cellPath)
        let fit = try CalibrationFit.fit(keystone, projector: cell.projector, zones: cell.zones).get()
        let projection = try CalibrationProjection(
            cell: cell, baseDirectory: (cellPath as NSString).deletingLastPathComponent)
        try projection.showVerification(fit)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: framebuffer))
        let fixture = try #require(cell.zone("fixture"))
        let a = fit.homography.apply(fixture.shape.points[0]), b = fit.homography.apply(fixture.shape.points[3])
        let left = pixel(bytes, Int(((a.x + b.x) / 2).rounded()), Int(((a.y + b.y) / 2).rounded()))
        #expect(left.b > 180 && left.r < 140, "fixture's left edge is drawn where the new map puts it: \(left)")
        let old = try #require(cell.projector.calibration.homography).apply(PointMM(x: 250, y: 340))
        #expect(abs(old.x - (a.x + b.x) / 2) > 20, "the old map would put it elsewhere")
        let atOld = pixel(bytes, Int(old.x), Int(old.y))
        #expect(atOld == (0, 0, 0), "nothing where the old map puts the edge: \(atOld)")
    }

    @Test func thePatternShowsFourCrosshairsAtTheirPixels() throws {
        let (cellPath, framebuffer) = try scratchCell()
        let cell = try load(cellPath)
        let projection = try CalibrationProjection(
            cell: cell, baseDirectory: (cellPath as NSString).deletingLastPathComponent)
        let jog = CalibrationJog.start(projector: cell.projector)
        try projection.show(jog, bench: cell.projector.calibration.bench)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: framebuffer))
        for (index, point) in jog.crosshairs.enumerated() {
            let centre = pixel(bytes, Int(point.x), Int(point.y))
            // The palette's darkest crosshair colour is bluish green (0, 158, 115).
            #expect(max(centre.r, centre.g, centre.b) >= 158, "crosshair \(index + 1) centre lit: \(centre)")
        }
        #expect(pixel(bytes, 1, 1) == (0, 0, 0), "black background")
    }

    @Test func aCancelledCalibrationPutsBackWhatWasShown() throws {
        let (cellPath, framebuffer) = try scratchCell()
        let cell = try load(cellPath)
        let station = Data(
            (0..<(cell.projector.width * cell.projector.height * 4)).map { UInt8(truncatingIfNeeded: $0 * 7) })
        try station.write(to: URL(fileURLWithPath: framebuffer))
        let projection = try CalibrationProjection(
            cell: cell, baseDirectory: (cellPath as NSString).deletingLastPathComponent)
        try projection.show(CalibrationJog.start(projector: cell.projector), bench: cell.projector.calibration.bench)
        #expect(try Data(contentsOf: URL(fileURLWithPath: framebuffer)) != station, "the pattern is shown")
        #expect(projection.restore())
        #expect(try Data(contentsOf: URL(fileURLWithPath: framebuffer)) == station, "the station's frame is back")
    }

    @Test func writingBackChangesOnlyTheCalibrationAndKeepsABackup() throws {
        let (cellPath, _) = try scratchCell()
        let original = try String(contentsOfFile: cellPath, encoding: .utf8)
        let cell = try CalibrationWriteBack.write(cellPath: cellPath, calibration: keystone).get()
        #expect(cell.projector.calibration == keystone)
        #expect(try String(contentsOfFile: cellPath + ".bak", encoding: .utf8) == original)
        let now = try String(contentsOfFile: cellPath, encoding: .utf8)
        let changed = zip(original.split(separator: "\n"), now.split(separator: "\n")).filter { $0 != $1 }
        #expect(changed.count == 2, "points 3 and 4 moved: \(changed)")
        #expect(now.contains("# Four measured points: bench millimetres -> projector pixels"))
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: (cellPath as NSString).deletingLastPathComponent)
        #expect(!leftovers.contains { $0.hasSuffix(".calibrating") })
    }

    @Test func aRewriteThatWouldNotLoadLeavesTheFileAlone() throws {
        let (cellPath, _) = try scratchCell()
        let original = try String(contentsOfFile: cellPath, encoding: .utf8)
        var outside = keystone
        outside.projector[1] = PointPX(x: 1900, y: 30)  // beyond the 1280 px image: the loader refuses it
        let result = CalibrationWriteBack.write(cellPath: cellPath, calibration: outside)
        guard case .failure(let error) = result else {
            Issue.record("expected a refusal")
            return
        }
        #expect("\(error)".contains("nothing was changed"))
        #expect(try String(contentsOfFile: cellPath, encoding: .utf8) == original)
        #expect(!FileManager.default.fileExists(atPath: cellPath + ".bak"))
    }

    @Test func calibrationPresentsThroughTheSurfaceAndPutsItBack() throws {
        let cell = try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get().cell
        let surface = RecordingSurface(width: cell.projector.width, height: cell.projector.height)
        let shown = surface.visiblePageBytes()
        let projection = try CalibrationProjection(cell: cell, display: surface)
        try projection.show(CalibrationJog.start(projector: cell.projector), bench: cell.projector.calibration.bench)
        let whole = PixelRect(x: 0, y: 0, width: cell.projector.width, height: cell.projector.height)
        #expect(surface.presents == [[whole]])
        #expect(surface.visiblePageBytes() != shown, "the pattern is on the surface")
        #expect(projection.restore())
        #expect(surface.visiblePageBytes() == shown, "what was shown is back")
    }
}
