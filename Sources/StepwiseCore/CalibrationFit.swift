/// A checked calibration and what it means on the bench: how well it reproduces the measured
/// points, how many pixels a millimetre is on the instruction panel, and so how high the smallest
/// text is in pixels.
public struct CalibrationFit: Hashable, Sendable {
    /// One measured pair and where the solved map puts the bench point.
    public struct Reprojection: Hashable, Sendable {
        public var bench: PointMM
        public var measured: PointPX
        public var projected: PointPX
        /// Distance between measured and projected, in pixels.
        public var errorPX: Double
    }

    public var calibration: Calibration
    public var homography: Homography
    public var reprojections: [Reprojection]
    /// Pixels per millimetre at the panel's centre.
    public var panelScale: Double
    /// The smallest pixels per millimetre at the panel's corners: where text is smallest.
    public var smallestPanelScale: Double
    /// The cell's minimum text height (a capital's height) in pixels where it is smallest on the panel.
    public var minimumTextPX: Double
    /// Zones that leave the projected image with this calibration (ids), to check by eye.
    public var zonesOutsideImage: [ZoneID]

    /// Checks both point sets and the framebuffer bounds, solves the homography and measures it
    /// against `projector`'s panel and `zones`.
    public static func fit(_ calibration: Calibration, projector: Projector, zones: [Zone] = [])
        -> Result<CalibrationFit, CalibrationProblem>
    {
        if let problem = CalibrationQuad.problem(calibration.bench.map { ($0.x, $0.y) }, side: .bench) {
            return .failure(problem)
        }
        for (index, p) in calibration.projector.enumerated()
        where !(0...Double(projector.width)).contains(p.x) || !(0...Double(projector.height)).contains(p.y) {
            return .failure(
                .outsideImage(point: index + 1, x: p.x, y: p.y, width: projector.width, height: projector.height))
        }
        if let problem = CalibrationQuad.problem(calibration.projector.map { ($0.x, $0.y) }, side: .projector) {
            return .failure(problem)
        }
        guard let homography = calibration.homography else { return .failure(.noSolution) }
        let reprojections = zip(calibration.bench, calibration.projector).map { bench, measured in
            let projected = homography.apply(bench)
            let error =
                ((projected.x - measured.x) * (projected.x - measured.x)
                + (projected.y - measured.y) * (projected.y - measured.y)).squareRoot()
            return Reprojection(bench: bench, measured: measured, projected: projected, errorPX: error)
        }
        let panel = projector.panel
        let centre = homography.scale(at: PointMM(x: panel.x + panel.width / 2, y: panel.y + panel.height / 2))
        let smallest = PolygonMM.rectangle(panel).points.map { homography.scale(at: $0) }.min() ?? centre
        let image = Rect(x: 0, y: 0, width: Double(projector.width), height: Double(projector.height))
        let outside = zones.filter { zone in
            zone.shape.points.contains { point in
                let p = homography.apply(point)
                return p.x < image.x || p.y < image.y || p.x > image.maxX || p.y > image.maxY
            }
        }.map(\.id)
        return .success(
            CalibrationFit(
                calibration: calibration, homography: homography, reprojections: reprojections, panelScale: centre,
                smallestPanelScale: smallest, minimumTextPX: projector.minimumTextMM * smallest,
                zonesOutsideImage: outside))
    }

    /// The largest reprojection error in pixels (near 0 for four exact pairs: it proves the solve).
    public var worstErrorPX: Double { reprojections.map(\.errorPX).max() ?? 0 }
}
