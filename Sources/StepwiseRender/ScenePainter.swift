import CPangoCairo
import StepwiseCore

/// Draws single scene items onto the frame's cairo context (the caller has set the damage clip).
final class ScenePainter {
    /// The context drawn on: the frame's, or for a moment a raster's (`drawing(on:)`).
    private(set) var cr: OpaquePointer
    var placement: Placement
    var minimumTextMM: Double
    /// The worker's text scale: it raises the cell's minimum too, and sizes a cue's words.
    var textScale = 1.0
    /// High contrast: no grey anywhere (placeholders and to-do dots white); lines are thickened by `placement`.
    var highContrast = false
    let pictures = PictureCache()
    let texts = TextLayouts()

    init(cr: OpaquePointer, placement: Placement, minimumTextMM: Double) {
        self.cr = cr
        self.placement = placement
        self.minimumTextMM = minimumTextMM
    }

    /// Frees the C objects held by the caches; called once by the renderer's deinit.
    func release() {
        pictures.release()
        texts.release()
    }

    /// Runs `body` drawing on `other` instead of the frame (an item's raster), then on the frame again.
    func drawing(on other: OpaquePointer, _ body: () -> Void) {
        let frame = cr
        cr = other
        defer { cr = frame }
        body()
    }

    /// Called after every frame so caches can drop what the scene no longer shows.
    func sceneDone() { texts.trim() }

    /// Draws `placed`, clipped to its own bounds so it can never touch pixels outside its damage.
    func draw(_ placed: PlacedItem) {
        cairo_save(cr)
        defer { cairo_restore(cr) }
        let b = placed.bounds
        cairo_rectangle(cr, Double(b.x), Double(b.y), Double(b.width), Double(b.height))
        cairo_clip(cr)
        switch placed.item.content {
        case .zone(let polygon, let role): drawZone(polygon, ZoneStyle.of(role))
        case .contour(let polygon): drawContour(polygon)
        case .text(let text, let language, let frame, let heightMM):
            drawText(text, language: language, frame: frame, heightMM: heightMM)
        case .picture(let path, let frame):
            pictures.draw(
                path, into: placement.box(frame), on: cr, placeholder: highContrast ? Palette.white : Palette.grey)
        case .progress(let done, let total, let frame): drawProgress(done: done, total: total, in: placement.box(frame))
        case .cue(let cue, let frame): drawCue(cue, frame: frame)
        }
    }

    /// Large, bold, white text wrapped to the frame; capitals never lower than the projector's minimum
    /// height in mm × the worker's text scale, converted where the calibration makes the frame smallest.
    func drawText(_ text: String, language: String, frame: Rect, heightMM: Double) {
        let (box, size) = textBox(frame: frame, heightMM: heightMM)
        drawText(text, language: language, in: box, pixelSize: size)
    }

    /// Where a text frame lands in pixels and the font's pixel size there.
    func textBox(frame: Rect, heightMM: Double) -> (box: Rect, pixelSize: Double) {
        let pxPerMM = placement.smallestScale(frame)
        return (
            placement.box(frame),
            TextLayouts.pixelSize(heightMM: max(heightMM, minimumTextMM * textScale), pxPerMM: pxPerMM)
        )
    }

    func drawText(_ text: String, language: String, in box: Rect, pixelSize: Double) {
        cairo_save(cr)
        defer { cairo_restore(cr) }
        cairo_rectangle(cr, box.x, box.y, box.width, box.height)
        cairo_clip(cr)
        let layout = texts.layout(text, language: language, width: box.width, pixelSize: pixelSize, for: cr)
        Palette.white.apply(to: cr)
        cairo_move_to(cr, box.x, box.y)
        pango_cairo_show_layout(cr, layout)
    }

    private func drawContour(_ polygon: PolygonMM) {
        let scale = placement.scale(polygon) * placement.lineScale
        trace(polygon)
        stroke(ContourStyle.colour, width: ContourStyle.lineMM * scale, dash: ContourStyle.dashMM.map { $0 * scale })
    }

    /// Moves along the polygon's projected corners and closes the path.
    func trace(_ polygon: PolygonMM) {
        for (i, point) in polygon.points.enumerated() {
            let p = placement.homography.apply(point)
            if i == 0 { cairo_move_to(cr, p.x, p.y) } else { cairo_line_to(cr, p.x, p.y) }
        }
        cairo_close_path(cr)
    }

    func stroke(_ colour: Colour, width: Double, dash: [Double] = []) {
        colour.apply(to: cr)
        cairo_set_line_width(cr, width)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, dash.isEmpty ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
        cairo_set_dash(cr, dash, Int32(dash.count), 0)
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
    }
}
