import StepwiseCore
import StepwiseDevices
import StepwiseRender
import StepwiseRuntime

/// The projector during calibration: the cell's own display, opened through the same code the
/// daemon uses (a file-backed framebuffer for the demo cell), showing the crosshair pattern and
/// then the verification frame. Optionally every frame is also written as a PNG to look at.
public final class CalibrationProjection {
    public let cell: Cell
    let display: any DisplaySurface
    let pattern: CalibrationPattern
    /// Where each frame is also written as a PNG; nil for none.
    public var mirrorPath: String?
    /// What the projector showed before calibration drew on it.
    private let before: [UInt8]

    /// Opens the cell's projector; `baseDirectory` is the cell file's folder (relative `file:` paths).
    public convenience init(cell: Cell, baseDirectory: String) throws {
        try self.init(cell: cell, display: DisplayBackends.open(cell.projector, relativeTo: baseDirectory).get())
    }

    /// Calibrates on an open `display` (another backend, or a fake in tests).
    public init(cell: Cell, display: any DisplaySurface) throws {
        self.cell = cell
        self.display = display
        pattern = try CalibrationPattern(width: cell.projector.width, height: cell.projector.height)
        before = display.visiblePageBytes()
    }

    /// Puts back what the projector showed before calibration (after a cancel or a dry run: the
    /// station's frame returns at once instead of the pattern staying until its next full redraw).
    @discardableResult
    public func restore() -> Bool { display.restoreVisiblePage(before) }

    deinit { display.close() }

    /// The instructions on the pattern: what to do at the bench, in short lines.
    public static func instructions(bench: [PointMM], selected: Int) -> [String] {
        let mark =
            bench.indices.contains(selected)
            ? "Crosshair \(selected + 1) → bench mark at \(Self.mm(bench[selected])) mm" : ""
        return [
            "Calibration: put each crosshair on its bench mark",
            mark,
            "1–4 select · arrows 1 px · Shift+arrows 10 px · Enter accept · q cancel",
        ]
    }

    /// Projects the crosshair pattern for `jog`.
    public func show(_ jog: CalibrationJog, bench: [PointMM]) throws {
        pattern.draw(
            crosshairs: jog.crosshairs, selected: jog.selected,
            instructions: Self.instructions(bench: bench, selected: jog.selected))
        try pattern.withPixels { try present($0, bytesPerRow: pattern.bytesPerRow) }
        if let mirrorPath { try pattern.writePNG(to: mirrorPath) }
    }

    /// Projects every zone and the panel through the new calibration, drawn by the station's own
    /// renderer: if the outlines sit on the bins and the fixture, the calibration is right.
    public func showVerification(_ fit: CalibrationFit) throws {
        var projector = cell.projector
        projector.calibration = fit.calibration
        let renderer = try FrameRenderer(projector: projector)
        renderer.render(Self.verificationScene(cell: cell, fit: fit))
        try renderer.withPixels { try present($0, bytesPerRow: renderer.bytesPerRow) }
        if let mirrorPath { try renderer.writePNG(to: mirrorPath) }
    }

    /// Every zone as a target outline, the panel marked done, and its minimum-height text on the panel.
    public static func verificationScene(cell: Cell, fit: CalibrationFit) -> Scene {
        let zones = cell.zones.map { SceneItem(key: "zone-\($0.id.rawValue)", content: .zone($0.shape, role: .target)) }
        let panel = cell.projector.panel
        let note = SceneItem(
            key: "check",
            content: .text(
                "Check: every outline on its bin", language: "en", frame: panel.insetBy(panel.width * 0.08),
                heightMM: cell.projector.minimumTextMM))
        return Scene(items: zones + [SceneItem(key: "panel", content: .zone(.rectangle(panel), role: .done)), note])
    }

    private func present(_ pixels: UnsafeRawBufferPointer, bytesPerRow: Int) throws {
        let whole = PixelRect(x: 0, y: 0, width: cell.projector.width, height: cell.projector.height)
        try display.present(argb32: pixels, sourceBytesPerRow: bytesPerRow, damage: [whole]).get()
    }

    static func mm(_ p: PointMM) -> String { "(\(CalibrationReport.number(p.x)), \(CalibrationReport.number(p.y)))" }
}
