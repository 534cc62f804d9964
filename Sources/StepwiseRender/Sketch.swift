import CPangoCairo
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bold strokes on a 100 × 100 canvas (cairo's transform maps it onto the pictogram's box).
struct Sketch {
    let cr: OpaquePointer
    /// The default stroke width: bold enough to survive projection on a grey bench.
    static let line = 6.0

    func stroke(_ colour: Colour = Palette.white, _ width: Double = Sketch.line) {
        colour.apply(to: cr)
        cairo_set_line_width(cr, width)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_stroke(cr)
    }

    func fill(_ colour: Colour = Palette.white) {
        colour.apply(to: cr)
        cairo_fill(cr)
    }

    /// An open (or closed) polyline through `points`.
    func path(_ points: [(Double, Double)], closed: Bool = false) {
        guard let first = points.first else { return }
        cairo_move_to(cr, first.0, first.1)
        for p in points.dropFirst() { cairo_line_to(cr, p.0, p.1) }
        if closed { cairo_close_path(cr) }
    }

    func line(
        _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ colour: Colour = Palette.white,
        _ width: Double = Sketch.line
    ) {
        path([(x0, y0), (x1, y1)])
        stroke(colour, width)
    }

    func circle(_ cx: Double, _ cy: Double, _ r: Double) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, cx, cy, r, 0, 2 * .pi)
    }

    func roundRect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ r: Double) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, x + w - r, y + r, r, -.pi / 2, 0)
        cairo_arc(cr, x + w - r, y + h - r, r, 0, .pi / 2)
        cairo_arc(cr, x + r, y + h - r, r, .pi / 2, .pi)
        cairo_arc(cr, x + r, y + r, r, .pi, 1.5 * .pi)
        cairo_close_path(cr)
    }

    /// A straight arrow with a filled head at (x1, y1).
    func arrow(
        _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ colour: Colour = Palette.skyBlue,
        _ width: Double = 7
    ) {
        let length = ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot()
        let ux = (x1 - x0) / length, uy = (y1 - y0) / length, headSize = width * 2.2
        line(x0, y0, x1 - ux * headSize, y1 - uy * headSize, colour, width)
        head(at: (x1, y1), direction: (ux, uy), size: headSize, colour)
    }

    /// An arrow along an elliptic arc (angles in degrees, increasing = clockwise on screen).
    func arcArrow(
        _ cx: Double, _ cy: Double, _ r: Double, from a0: Double, to a1: Double,
        _ colour: Colour = Palette.skyBlue, _ width: Double = 7, squash: Double = 1
    ) {
        let headSize = width * 2.2, steps = 48
        let end = a1 - (headSize / r) * 180 / .pi * 0.8
        let points = (0...steps).map { i -> (Double, Double) in
            let t = (a0 + (end - a0) * Double(i) / Double(steps)) * .pi / 180
            return (cx + r * cos(t), cy + r * squash * sin(t))
        }
        path(points)
        stroke(colour, width)
        let t = a1 * .pi / 180, tip = (cx + r * cos(t), cy + r * squash * sin(t))
        let last = points[points.count - 1]
        let dx = tip.0 - last.0, dy = tip.1 - last.1, d = max((dx * dx + dy * dy).squareRoot(), 0.001)
        head(at: tip, direction: (dx / d, dy / d), size: headSize, colour)
    }

    private func head(at tip: (Double, Double), direction u: (Double, Double), size: Double, _ colour: Colour) {
        let back = (tip.0 - u.0 * size, tip.1 - u.1 * size), side = (-u.1 * size * 0.6, u.0 * size * 0.6)
        path([tip, (back.0 + side.0, back.1 + side.1), (back.0 - side.0, back.1 - side.1)], closed: true)
        fill(colour)
    }

    /// A check mark with its corner at the lower left third of the given box.
    func check(_ x: Double, _ y: Double, _ size: Double, _ colour: Colour = Palette.bluishGreen, _ width: Double = 9) {
        path([(x, y + size * 0.55), (x + size * 0.35, y + size * 0.9), (x + size, y + size * 0.1)])
        stroke(colour, width)
    }

    /// An open hand, fingers up, in a 40 × 56 box at (x, y); `flip` turns it to reach downwards.
    func hand(_ x: Double, _ y: Double, scale: Double = 1, flip: Bool = false, _ colour: Colour) {
        cairo_save(cr)
        cairo_translate(cr, x, flip ? y + 56 * scale : y)
        cairo_scale(cr, scale, flip ? -scale : scale)
        roundRect(2, 26, 34, 28, 9)
        for (fx, top) in [(8.0, 8.0), (16.0, 3.0), (24.0, 5.0), (32.0, 11.0)] { path([(fx, 28), (fx, top)]) }
        path([(3, 40), (-6, 28)])
        cairo_restore(cr)
        stroke(colour, Self.line)
    }

    /// An almond eye with a filled iris, centred at (cx, cy).
    func eye(_ cx: Double, _ cy: Double, width w: Double, iris: Colour) {
        cairo_move_to(cr, cx - w / 2, cy)
        cairo_curve_to(cr, cx - w / 4, cy - w * 0.32, cx + w / 4, cy - w * 0.32, cx + w / 2, cy)
        cairo_curve_to(cr, cx + w / 4, cy + w * 0.32, cx - w / 4, cy + w * 0.32, cx - w / 2, cy)
        cairo_close_path(cr)
        stroke()
        circle(cx, cy, w * 0.14)
        fill(iris)
    }
}
