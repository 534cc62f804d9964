import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseFormats
import StepwiseRuntime
import StepwiseSetup

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Measure the bench → projector map: move four crosshairs onto bench marks, check, write the cell file.",
        discussion: """
            Interactive (the default): the projector shows four numbered crosshairs; put marks on the bench at the
            four bench points (--bench, or the cell's current ones), then move each crosshair onto its mark:
            1-4 select, arrows or h j k l move 1 px, Shift+arrows or H J K L move 10 px, Enter accepts, q or Ctrl-C cancels.
            Keys may also come from a pipe. With --points no keys are read.
            The points are checked (4 distinct corners of a convex quadrilateral, inside the image), the zones are
            projected through the new map to check by eye, and only the cell file's calibration block is rewritten
            (the old file kept as FILE.bak). A running stepwised picks the file up by its hot reload.
            """)

    @Option(help: "The cell file (Devices/*.yaml) whose projector to calibrate.")
    var cell: String = "Devices/demo-cell.yaml"
    @Option(
        help: "Bench marks in mm, in order around the area: \"x,y x,y x,y x,y\" (default: the cell's current ones).")
    var bench: String?
    @Option(help: "Measured pairs without keys: \"bx,by=px,py ...\" (bench mm = projector px), four of them.")
    var points: String?
    @Option(help: "Also write each projected frame to this PNG (to look at without a projector).")
    var png: String?
    @Flag(help: "Check and print, but do not change the cell file.")
    var dryRun = false

    func run() throws {
        if points != nil && bench != nil {
            throw CommandSupport.fail("--points already holds the bench points; drop --bench")
        }
        let loaded: Cell
        switch CellFile.load(path: cell) {
        case .success(let (found, _)): loaded = found
        case .failure(let diagnostics): throw CommandSupport.fail("\(cell) does not load:\n\(diagnostics.formatted())")
        }
        let directory = URL(fileURLWithPath: cell).deletingLastPathComponent().path
        let projection = openProjection(loaded, directory: directory, required: points == nil)
        let measured: CalibrationFit?
        do { measured = try measure(loaded, projection: projection) } catch {
            projection?.restore()
            throw error
        }
        guard let fit = measured else {
            projection?.restore()
            throw CommandSupport.fail(
                "calibration cancelled; \(cell) not changed, the projector shows what it showed before")
        }
        CalibrationReport.lines(fit, cell: loaded).forEach { print($0) }
        do { try projection?.showVerification(fit) } catch { print("warning: verification frame not shown: \(error)") }
        if projection != nil {
            print("projected: every zone outline through the new calibration; check them on the bench")
        }
        try save(fit)
    }

    /// The accepted fit: from `--points`, or from the keys.
    private func measure(_ cell: Cell, projection: CalibrationProjection?) throws -> CalibrationFit? {
        let check = { (calibration: Calibration) in
            CalibrationFit.fit(calibration, projector: cell.projector, zones: cell.zones)
        }
        if let points {
            let calibration = try Self.parsePairs(points)
            switch check(calibration) {
            case .success(let fit): return fit
            case .failure(let problem): throw CommandSupport.fail("--points rejected: \(problem)")
            }
        }
        let marks = try bench.map(Self.parseBench) ?? cell.projector.calibration.bench
        guard let projection else { return nil }
        return try CalibrationConsole.run(
            projection: projection, bench: marks, start: CalibrationJog.start(projector: cell.projector),
            check: check, say: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
    }

    private func openProjection(_ cell: Cell, directory: String, required: Bool) -> CalibrationProjection? {
        do {
            let projection = try CalibrationProjection(cell: cell, baseDirectory: directory)
            projection.mirrorPath = png
            return projection
        } catch {
            let message = "cannot open the projector: \(error)"
            FileHandle.standardError.write(Data(((required ? "stepwise: " : "warning: ") + message + "\n").utf8))
            return nil
        }
    }

    private func save(_ fit: CalibrationFit) throws {
        if dryRun {
            switch CalibrationWriteBack.rewrittenText(cellPath: cell, calibration: fit.calibration) {
            case .success(let text):
                print("dry run: \(cell) not changed; its calibration block would read:")
                text.split(separator: "\n", omittingEmptySubsequences: false)
                    .drop { !$0.contains("calibration:") }.prefix(5).forEach { print("  \($0)") }
            case .failure(let error): throw CommandSupport.fail("\(error)")
            }
            return
        }
        switch CalibrationWriteBack.write(cellPath: cell, calibration: fit.calibration) {
        case .success:
            print("wrote the calibration into \(cell) (previous file: \(cell).bak); it loads back with the new points")
            print("a running stepwised picks it up by its hot reload")
        case .failure(let error): throw CommandSupport.fail("\(error)")
        }
    }

    /// `"x,y x,y x,y x,y"` → four points.
    static func parseBench(_ text: String) throws -> [PointMM] {
        let points = try text.split(whereSeparator: \.isWhitespace).map { try pair(String($0), "--bench") }
        guard points.count == 4 else {
            throw CommandSupport.fail("--bench has \(points.count) points; expected 4 \"x,y\" in mm")
        }
        return points.map { PointMM(x: $0.0, y: $0.1) }
    }

    /// `"bx,by=px,py ..."` → a calibration of four pairs.
    static func parsePairs(_ text: String) throws -> Calibration {
        var bench: [PointMM] = [], pixels: [PointPX] = []
        for item in text.split(whereSeparator: \.isWhitespace) {
            let sides = item.split(separator: "=")
            guard sides.count == 2 else { throw CommandSupport.fail("--points item '\(item)'; expected bx,by=px,py") }
            let b = try pair(String(sides[0]), "--points"), p = try pair(String(sides[1]), "--points")
            bench.append(PointMM(x: b.0, y: b.1))
            pixels.append(PointPX(x: p.0, y: p.1))
        }
        guard bench.count == 4 else {
            throw CommandSupport.fail("--points has \(bench.count) pairs; expected 4 bx,by=px,py")
        }
        return Calibration(bench: bench, projector: pixels)
    }

    private static func pair(_ text: String, _ option: String) throws -> (Double, Double) {
        let parts = text.split(separator: ",").map { Double($0) }
        guard parts.count == 2, let x = parts[0], let y = parts[1], x.isFinite, y.isFinite else {
            throw CommandSupport.fail("\(option): '\(text)' is not a point; expected two numbers as x,y")
        }
        return (x, y)
    }
}
