import StepwiseCore

extension Placement {
    /// The parts of a zone's `bounds` its drawing can light: four bands along the outline (with the
    /// corner brackets) and the marker's box. A zone is an outline around black: damaging its whole
    /// box made a step transition clear, redraw and copy the empty inside of every zone that came
    /// or went (half the damage of the shipped sets). Nil when the bands would not save at least
    /// half of the box (small or strongly skewed zones): the bounds then stand for the zone.
    func litParts(of polygon: PolygonMM, role: ZoneRole, bounds: PixelRect) -> [PixelRect]? {
        let style = ZoneStyle.of(role)
        let lineWidth = style.lineMM * scale(polygon) * lineScale
        let margin = lineWidth * style.reachInLineWidths + 2
        let box = box(polygon)
        let corners = polygon.points.map { homography.apply($0) }
        // The inside no line reaches: the box less the margin, pushed back by every edge's band.
        var x0 = box.x + margin, x1 = box.maxX - margin, y0 = box.y + margin, y1 = box.maxY - margin
        for (i, a) in corners.enumerated() {
            let b = corners[(i + 1) % corners.count]
            let band = Rect(
                x: min(a.x, b.x) - margin, y: min(a.y, b.y) - margin,
                width: abs(a.x - b.x) + 2 * margin, height: abs(a.y - b.y) + 2 * margin)
            guard band.x < x1, band.maxX > x0, band.y < y1, band.maxY > y0 else { continue }
            if band.width >= band.height {
                if band.y + band.height / 2 < (y0 + y1) / 2 { y0 = max(y0, band.maxY) } else { y1 = min(y1, band.y) }
            } else {
                if band.x + band.width / 2 < (x0 + x1) / 2 { x0 = max(x0, band.maxX) } else { x1 = min(x1, band.x) }
            }
        }
        let ix = Int(x0.rounded(.up)), iy = Int(y0.rounded(.up))
        let inner = PixelRect(x: ix, y: iy, width: Int(x1.rounded(.down)) - ix, height: Int(y1.rounded(.down)) - iy)
            .intersection(bounds)
        guard inner.area * 2 >= bounds.area else { return nil }
        var parts = [
            PixelRect(x: bounds.x, y: bounds.y, width: bounds.width, height: inner.y - bounds.y),
            PixelRect(x: bounds.x, y: inner.maxY, width: bounds.width, height: bounds.maxY - inner.maxY),
            PixelRect(x: bounds.x, y: inner.y, width: inner.x - bounds.x, height: inner.height),
            PixelRect(x: inner.maxX, y: inner.y, width: bounds.maxX - inner.maxX, height: inner.height),
        ]
        if let marker = ZoneStyle.markerExtent(style.marker, in: box, lineWidth: lineWidth) {
            parts.append(PixelRect.covering(marker, margin: 2, clippedTo: inner))
        }
        return parts.filter { !$0.isEmpty }
    }
}

extension ZoneStyle {
    /// What `ScenePainter.drawMarker` can touch, line widths included (keep the two in step; the
    /// pixel tests, which compare against redrawing whole boxes, catch a marker left half erased).
    static func markerExtent(_ marker: Marker, in box: Rect, lineWidth: Double) -> Rect? {
        let size = min(box.width, box.height) * 0.3
        let cx = box.x + box.width / 2, top = box.y + lineWidth * 2
        switch marker {
        case .none: return nil
        case .downArrow: return Rect(x: cx - size / 2, y: top, width: size, height: size * 0.7)
        case .circle:
            let r = size / 3, half = lineWidth / 2
            return Rect(
                x: box.x + lineWidth * 2 - half, y: top - half, width: 2 * r + lineWidth, height: 2 * r + lineWidth)
        case .check:
            let y = box.y + box.height / 2
            return Rect(
                x: cx - size / 2 - lineWidth, y: y - size / 3 - lineWidth,
                width: size + 2 * lineWidth, height: size * 2 / 3 + 2 * lineWidth)
        }
    }
}
