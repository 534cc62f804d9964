import CPangoCairo
import StepwiseCore

extension ScenePainter {
    /// Outline in the role's colour and line style, then its shape cue (brackets, marker).
    func drawZone(_ polygon: PolygonMM, _ style: ZoneStyle) {
        let lineWidth = style.lineMM * placement.scale(polygon) * placement.lineScale
        let corners = polygon.points.map { placement.homography.apply($0) }
        guard corners.count >= 2 else { return }
        trace(polygon)
        stroke(style.colour, width: lineWidth, dash: style.dashMM.map { $0 * lineWidth / style.lineMM })
        if style.cornerBrackets { drawBrackets(corners, lineWidth: lineWidth, colour: style.colour) }
        drawMarker(style.marker, in: placement.box(polygon), colour: style.markerColour, lineWidth: lineWidth)
    }

    /// An L at each corner, set off outside the outline (1.5 line widths of dark between), along the two
    /// edges that meet there: a frame around the bin that a plain outline does not have.
    private func drawBrackets(_ corners: [PointPX], lineWidth: Double, colour: Colour) {
        for (i, v) in corners.enumerated() {
            let a = corners[(i + corners.count - 1) % corners.count], b = corners[(i + 1) % corners.count]
            let ua = unit(a.x - v.x, a.y - v.y), ub = unit(b.x - v.x, b.y - v.y)
            let length = min(distance(a, v), distance(b, v)) * 0.25
            let gap = lineWidth * 2.5
            let o = PointPX(x: v.x - (ua.x + ub.x) * gap, y: v.y - (ua.y + ub.y) * gap)
            cairo_move_to(cr, o.x + ua.x * length, o.y + ua.y * length)
            cairo_line_to(cr, o.x, o.y)
            cairo_line_to(cr, o.x + ub.x * length, o.y + ub.y * length)
        }
        stroke(colour, width: lineWidth)
    }

    /// The role's marker inside the zone's box, sized to the zone so it never leaves it.
    private func drawMarker(_ marker: ZoneStyle.Marker, in box: Rect, colour: Colour, lineWidth: Double) {
        let size = min(box.width, box.height) * 0.3
        let cx = box.x + box.width / 2, top = box.y + lineWidth * 2
        switch marker {
        case .none: return
        case .downArrow:
            cairo_move_to(cr, cx - size / 2, top)
            cairo_line_to(cr, cx + size / 2, top)
            cairo_line_to(cr, cx, top + size * 0.7)
            cairo_close_path(cr)
            colour.apply(to: cr)
            cairo_fill(cr)
        case .circle:
            let r = size / 3
            cairo_new_sub_path(cr)
            cairo_arc(cr, box.x + lineWidth * 2 + r, top + r, r, 0, 2 * .pi)
            stroke(colour, width: lineWidth)
        case .check:
            let y = box.y + box.height / 2
            cairo_move_to(cr, cx - size / 2, y)
            cairo_line_to(cr, cx - size / 6, y + size / 3)
            cairo_line_to(cr, cx + size / 2, y - size / 3)
            stroke(colour, width: lineWidth * 2)
        }
    }

    private func unit(_ x: Double, _ y: Double) -> PointPX {
        let length = (x * x + y * y).squareRoot()
        return length > 0 ? PointPX(x: x / length, y: y / length) : PointPX(x: 0, y: 0)
    }

    private func distance(_ a: PointPX, _ b: PointPX) -> Double {
        ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
    }
}
