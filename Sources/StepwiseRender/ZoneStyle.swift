import StepwiseCore

/// How a zone role looks: colour *and* shape, so a role is recognisable without colour vision.
struct ZoneStyle: Sendable {
    enum Marker: Sendable { case none, downArrow, circle, check }
    /// Outline colour.
    var colour: Colour
    /// Marker colour (the pick arrow is yellow on a bluish-green outline).
    var markerColour: Colour
    /// Line width on the bench, in millimetres (converted with the homography's local scale).
    var lineMM: Double
    /// Dash pattern in millimetres; empty = solid.
    var dashMM: [Double]
    var cornerBrackets: Bool
    var marker: Marker

    static func of(_ role: ZoneRole) -> ZoneStyle {
        switch role {
        case .target:
            ZoneStyle(
                colour: Palette.skyBlue, markerColour: Palette.skyBlue, lineMM: 4, dashMM: [],
                cornerBrackets: false, marker: .none)
        case .pick:
            ZoneStyle(
                colour: Palette.bluishGreen, markerColour: Palette.yellow, lineMM: 4, dashMM: [],
                cornerBrackets: true, marker: .downArrow)
        case .attention:
            ZoneStyle(
                colour: Palette.orange, markerColour: Palette.orange, lineMM: 3, dashMM: [8, 5],
                cornerBrackets: false, marker: .circle)
        case .done:
            ZoneStyle(
                colour: Palette.bluishGreen, markerColour: Palette.bluishGreen, lineMM: 1.5, dashMM: [],
                cornerBrackets: false, marker: .check)
        }
    }

    /// How far outside the polygon anything of this style reaches, in multiples of the line width:
    /// half the line; corner brackets sit 2.5 line widths out per edge, up to twice that at sharp corners.
    var reachInLineWidths: Double { cornerBrackets ? 5.5 : 1 }
}

/// The part's contour: white, thin, dashed — a quiet shape to put the part into.
enum ContourStyle {
    static let colour = Palette.white
    static let lineMM = 1.0
    static let dashMM: [Double] = [4, 3]
}

/// Where an item lands in projector pixels, computed once per scene and shared by diffing and drawing.
struct Placement {
    /// Bench → projector map.
    var homography: Homography
    let bounds: PixelRect
    /// Multiplies every line width: 1, or more for a worker who asked for high contrast.
    var lineScale = 1.0

    /// Pixel bounding box of a bench rectangle's four transformed corners.
    func box(_ frame: Rect) -> Rect { box(PolygonMM.rectangle(frame)) }

    func box(_ polygon: PolygonMM) -> Rect {
        let px = polygon.points.map { homography.apply($0) }
        guard let first = px.first else { return Rect(x: 0, y: 0, width: 0, height: 0) }
        var x0 = first.x, y0 = first.y, x1 = first.x, y1 = first.y
        for p in px {
            x0 = min(x0, p.x)
            y0 = min(y0, p.y)
            x1 = max(x1, p.x)
            y1 = max(y1, p.y)
        }
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// Pixels per millimetre where `frame` is smallest on the bench (at one of its corners): a height
    /// in mm converted with it is at least that high wherever in the frame the text lands.
    func smallestScale(_ frame: Rect) -> Double {
        PolygonMM.rectangle(frame).points.map { homography.scale(at: $0) }.min() ?? scale(PolygonMM.rectangle(frame))
    }

    /// Pixels per millimetre at the middle of `polygon`.
    func scale(_ polygon: PolygonMM) -> Double {
        let b = polygon.bounds
        return homography.scale(at: PointMM(x: b.x + b.width / 2, y: b.y + b.height / 2))
    }

    /// Every pixel the item may touch; drawing is clipped to this, so damage computed from it is exact.
    func pixelBounds(of content: SceneItem.Content) -> PixelRect {
        switch content {
        case .zone(let polygon, let role):
            let lw = ZoneStyle.of(role).lineMM * scale(polygon) * lineScale
            return covering(box(polygon), margin: lw * ZoneStyle.of(role).reachInLineWidths + 2)
        case .contour(let polygon):
            return covering(box(polygon), margin: ContourStyle.lineMM * scale(polygon) * lineScale + 2)
        case .text(_, _, let frame, _), .picture(_, let frame), .progress(_, _, let frame), .cue(_, let frame):
            return covering(box(frame), margin: 1)
        }
    }

    private func covering(_ rect: Rect, margin: Double) -> PixelRect {
        PixelRect.covering(rect, margin: margin, clippedTo: bounds)
    }
}
