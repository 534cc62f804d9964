import CPangoCairo
import StepwiseCore

/// The test pattern `stepwise calibrate` projects: a faint pixel grid, four numbered crosshairs
/// in four colours and four shapes (the selected one white and larger), and a few lines of
/// instructions in the middle. Drawn in projector pixels: the calibration is what is being measured.
///
/// Not Sendable: it owns a cairo surface; one thread uses it.
public final class CalibrationPattern {
    public var width: Int { image.width }
    public var height: Int { image.height }
    private let image: ImageSurface
    private var cr: OpaquePointer { image.cr }
    private let texts = TextLayouts()

    /// Grid pitch in pixels: coarse enough to stay faint, fine enough to count pixels by.
    static let gridPitch = 40
    /// The crosshairs' colours, one per point, from the colour-blind-safe palette.
    static let colours = [Palette.orange, Palette.skyBlue, Palette.bluishGreen, Palette.yellow]

    public init(width: Int, height: Int) throws(RenderError) {
        image = try ImageSurface(width: width, height: height)
    }

    deinit { texts.release() }

    /// Bytes from one pixel row to the next in `withPixels`.
    public var bytesPerRow: Int { image.bytesPerRow }

    /// Draws the whole pattern: grid, crosshairs 1…4 at `crosshairs` (`selected` 0…3 highlighted), `instructions`.
    public func draw(crosshairs: [PointPX], selected: Int?, instructions: [String]) {
        Palette.black.apply(to: cr)
        cairo_paint(cr)
        drawGrid()
        for (index, point) in crosshairs.enumerated() {
            drawCrosshair(point, number: index + 1, selected: index == selected)
        }
        let lineHeight = Double(min(width, height)) / 30
        let box = Rect(
            x: Double(width) * 0.2, y: Double(height) * 0.35, width: Double(width) * 0.6, height: Double(height) * 0.3)
        var y = box.y
        for line in instructions where !line.isEmpty {
            let layout = texts.layout(
                line, language: "en", width: box.width, pixelSize: lineHeight / TextLayouts.capHeight, for: cr)
            Palette.white.apply(to: cr)
            cairo_move_to(cr, box.x, y)
            pango_cairo_show_layout(cr, layout)
            var w: Int32 = 0, h: Int32 = 0
            pango_layout_get_pixel_size(layout, &w, &h)
            y += Double(h) + lineHeight * 0.5  // wrapped lines stack; a gap between instructions
        }
    }

    /// cairo's ARGB32 pixels (B,G,R,A in memory on little-endian machines), `bytesPerRow` apart.
    public func withPixels<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try image.withPixels(body) }

    /// Writes the pattern as a PNG (for cells without a projector and for checking by eye).
    public func writePNG(to path: String) throws(RenderError) { try image.writePNG(to: path) }

    /// Dark grey lines: visible on a dark bench in a dim room, but never mistaken for a crosshair.
    private func drawGrid() {
        Colour(70, 70, 70).apply(to: cr)
        cairo_set_line_width(cr, 1)
        for x in stride(from: 0, to: width, by: Self.gridPitch) {
            cairo_move_to(cr, Double(x) + 0.5, 0)
            cairo_line_to(cr, Double(x) + 0.5, Double(height))
        }
        for y in stride(from: 0, to: height, by: Self.gridPitch) {
            cairo_move_to(cr, 0, Double(y) + 0.5)
            cairo_line_to(cr, Double(width), Double(y) + 0.5)
        }
        cairo_stroke(cr)
    }

    /// Two thin lines crossing at the point's pixel centre, a shape around it (circle, square,
    /// diamond, triangle for 1…4) and the number beside it, towards the image's middle.
    private func drawCrosshair(_ p: PointPX, number: Int, selected: Bool) {
        let colour = selected ? Palette.white : Self.colours[(number - 1) % 4]
        let arm = Double(min(width, height)) * (selected ? 0.09 : 0.06)
        let x = p.x.rounded() + 0.5, y = p.y.rounded() + 0.5
        colour.apply(to: cr)
        cairo_set_line_width(cr, 1)
        cairo_move_to(cr, x - arm, y)
        cairo_line_to(cr, x + arm, y)
        cairo_move_to(cr, x, y - arm)
        cairo_line_to(cr, x, y + arm)
        cairo_stroke(cr)
        let r = arm * 0.4
        switch number {
        case 1:
            cairo_new_sub_path(cr)
            cairo_arc(cr, x, y, r, 0, 2 * .pi)
        case 2: cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r)
        case 3:
            cairo_move_to(cr, x, y - r)
            cairo_line_to(cr, x + r, y)
            cairo_line_to(cr, x, y + r)
            cairo_line_to(cr, x - r, y)
            cairo_close_path(cr)
        default:
            cairo_move_to(cr, x, y - r)
            cairo_line_to(cr, x + r, y + r * 0.8)
            cairo_line_to(cr, x - r, y + r * 0.8)
            cairo_close_path(cr)
        }
        cairo_set_line_width(cr, selected ? 4 : 2)
        cairo_stroke(cr)
        let towardsMiddleX = p.x < Double(width) / 2 ? 1.0 : -1.0,
            towardsMiddleY = p.y < Double(height) / 2 ? 1.0 : -1.0
        let size = arm * 0.8
        let layout = texts.layout("\(number)", language: "en", width: size * 2, pixelSize: size, for: cr)
        cairo_move_to(
            cr, x + towardsMiddleX * arm * 0.6 - (towardsMiddleX < 0 ? size * 0.7 : 0),
            y + towardsMiddleY * arm * 0.6 - (towardsMiddleY < 0 ? size * 1.3 : 0))
        pango_cairo_show_layout(cr, layout)
    }
}
