/// A projective map from workbench millimetres to projector pixels, fixed by four point pairs.
///
/// A projector above the bench is never exactly square to it; four measured corners are enough to
/// make overlays land where the millimetre coordinates say.
public struct Homography: Hashable, Sendable {
    /// Row-major 3×3 matrix with h[8] == 1.
    public var matrix: [Double]

    public init(matrix: [Double]) { self.matrix = matrix }

    public static let identity = Homography(matrix: [1, 0, 0, 0, 1, 0, 0, 0, 1])

    /// Solves for the homography taking each `from[i]` to `to[i]`. Returns nil if the four points
    /// are degenerate (three on a line), which a calibration must reject.
    public init?(from: [PointMM], to: [PointPX]) {
        guard from.count == 4, to.count == 4 else { return nil }
        var a = [[Double]]()
        for i in 0..<4 {
            let (x, y, u, v) = (from[i].x, from[i].y, to[i].x, to[i].y)
            a.append([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
            a.append([0, 0, 0, x, y, 1, -v * x, -v * y, v])
        }
        guard let h = Homography.solve(a) else { return nil }
        matrix = h + [1]
    }

    public func apply(_ p: PointMM) -> PointPX {
        let m = matrix
        let w = m[6] * p.x + m[7] * p.y + m[8]
        return PointPX(x: (m[0] * p.x + m[1] * p.y + m[2]) / w, y: (m[3] * p.x + m[4] * p.y + m[5]) / w)
    }

    /// Pixels per millimetre around `p` (geometric mean of both axes), for sizes given in mm.
    public func scale(at p: PointMM) -> Double {
        let o = apply(p), dx = apply(PointMM(x: p.x + 1, y: p.y)), dy = apply(PointMM(x: p.x, y: p.y + 1))
        let sx = ((dx.x - o.x) * (dx.x - o.x) + (dx.y - o.y) * (dx.y - o.y)).squareRoot()
        let sy = ((dy.x - o.x) * (dy.x - o.x) + (dy.y - o.y) * (dy.y - o.y)).squareRoot()
        return (sx * sy).squareRoot()
    }

    /// Gaussian elimination with partial pivoting on an 8×9 augmented matrix.
    private static func solve(_ input: [[Double]]) -> [Double]? {
        var a = input
        let n = 8
        for col in 0..<n {
            guard let pivot = (col..<n).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }),
                abs(a[pivot][col]) > 1e-12
            else { return nil }
            a.swapAt(col, pivot)
            for row in 0..<n where row != col {
                let f = a[row][col] / a[col][col]
                if f != 0 { for k in col...n { a[row][k] -= f * a[col][k] } }
            }
        }
        return (0..<n).map { a[$0][n] / a[$0][$0] }
    }
}
