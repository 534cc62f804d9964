/// Which side of a calibration a point set is on: marks on the bench, or crosshairs in the image.
public enum CalibrationSide: String, Hashable, Sendable {
    case bench, projector

    var unit: String { self == .bench ? "mm" : "px" }
}

/// Why four measured points cannot make a calibration, said so the engineer can fix it.
public enum CalibrationProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not four points on one side.
    case wrongCount(CalibrationSide, found: Int)
    /// A crosshair lies outside the framebuffer.
    case outsideImage(point: Int, x: Double, y: Double, width: Int, height: Int)
    /// Two points (numbered from 1) are at the same place.
    case repeated(CalibrationSide, first: Int, second: Int)
    /// Three consecutive points lie on one line: the corner between them is flat.
    case collinear(CalibrationSide, corner: Int)
    /// The outline 1→2→3→4 crosses itself: two points are swapped.
    case selfIntersecting(CalibrationSide)
    /// The outline is dented inwards at `corner`: a point is measured at the wrong place.
    case notConvex(CalibrationSide, corner: Int)
    /// The four pairs do not determine a projective map (numerically singular).
    case noSolution

    public var description: String {
        switch self {
        case .wrongCount(let side, let found):
            "\(side.rawValue) has \(found) points; expected exactly 4, one per corner of the work area"
        case .outsideImage(let point, let x, let y, let width, let height):
            "crosshair \(point) at (\(Self.plain(x)), \(Self.plain(y))) px is outside the framebuffer; "
                + "expected 0…\(width) × 0…\(height) px"
        case .repeated(let side, let first, let second):
            "\(side.rawValue) points \(first) and \(second) are at the same place; expected 4 distinct corners"
        case .collinear(let side, let corner):
            "\(side.rawValue) points around point \(corner) lie on one line; expected 4 corners of a quadrilateral"
        case .selfIntersecting(let side):
            "\(side.rawValue) outline 1→2→3→4 crosses itself (two points swapped?); "
                + "expected the points in order around the area, e.g. front-left, front-right, back-right, back-left"
        case .notConvex(let side, let corner):
            "\(side.rawValue) outline is dented inwards at point \(corner); expected a convex quadrilateral"
        case .noSolution:
            "the four point pairs do not determine a bench → projector map; expected 4 well-spread, measured pairs"
        }
    }

    /// Whole numbers without a decimal point, others to two decimals.
    static func plain(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
    }
}

/// Shape checks of four points that should be the corners of a work area, in order around it.
public enum CalibrationQuad {
    /// Points closer than this (mm or px) count as the same point.
    static let sameDistance = 1.0
    /// A corner whose sine is below this is flat (about 1.7°): three points on one line.
    static let flatSine = 0.03

    /// Nil when `points` are 4 distinct corners of a convex quadrilateral in order (either direction).
    public static func problem(_ points: [(x: Double, y: Double)], side: CalibrationSide) -> CalibrationProblem? {
        guard points.count == 4 else { return .wrongCount(side, found: points.count) }
        for i in 0..<4 {
            for j in (i + 1)..<4 where distance(points[i], points[j]) < sameDistance {
                return .repeated(side, first: i + 1, second: j + 1)
            }
        }
        var turns: [Double] = []
        for i in 0..<4 {
            let a = points[i], b = points[(i + 1) % 4], c = points[(i + 2) % 4]
            let cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x)
            let sine = cross / (distance(a, b) * distance(b, c))
            if abs(sine) < flatSine { return .collinear(side, corner: (i + 1) % 4 + 1) }
            turns.append(sine)
        }
        let left = turns.filter { $0 > 0 }.count
        if left == 2 { return .selfIntersecting(side) }
        if left == 1 || left == 3 {
            let odd = turns.firstIndex { ($0 > 0) == (left == 1) }!
            return .notConvex(side, corner: (odd + 1) % 4 + 1)
        }
        return nil
    }

    private static func distance(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
        ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
    }
}
