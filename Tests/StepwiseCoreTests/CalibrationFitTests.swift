import Testing
@testable import StepwiseCore

/// Checking four measured point pairs before they become a cell's calibration.
@Suite struct CalibrationFitTests {
    let bench = [PointMM(x: 0, y: 0), PointMM(x: 1000, y: 0), PointMM(x: 1000, y: 600), PointMM(x: 0, y: 600)]
    let pixels = [PointPX(x: 40, y: 30), PointPX(x: 1240, y: 30), PointPX(x: 1240, y: 770), PointPX(x: 40, y: 770)]

    func projector() -> Projector {
        Projector(
            display: DisplaySource(TestDisplay()), width: 1280, height: 800,
            calibration: Calibration(bench: bench, projector: pixels),
            panel: Rect(x: 670, y: 20, width: 310, height: 320), minimumTextMM: 12)
    }

    func fit(_ px: [PointPX], bench: [PointMM]? = nil, zones: [Zone] = []) -> Result<CalibrationFit, CalibrationProblem>
    {
        CalibrationFit.fit(Calibration(bench: bench ?? self.bench, projector: px), projector: projector(), zones: zones)
    }

    @Test func aRectangleFitsExactlyAndGivesThePanelScale() throws {
        let fit = try fit(pixels).get()
        #expect(fit.worstErrorPX < 1e-6)
        // 1200 px over 1000 mm and 740 px over 600 mm: 1.2 and 1.2333 px/mm, geometric mean 1.2166.
        #expect(abs(fit.panelScale - (1.2 * 740.0 / 600).squareRoot()) < 1e-6)
        #expect(abs(fit.minimumTextPX - 12 * fit.smallestPanelScale) < 1e-9)
    }

    @Test func aKeystonedProjectionIsSmallerWhereTheImageNarrows() throws {
        // The far edge (y = 600 mm) is narrower in pixels than the near edge.
        let keystone = [
            PointPX(x: 40, y: 30), PointPX(x: 1240, y: 30), PointPX(x: 1040, y: 770), PointPX(x: 240, y: 770),
        ]
        let fit = try fit(keystone).get()
        #expect(fit.smallestPanelScale < fit.panelScale)
        #expect(fit.worstErrorPX < 1e-6)
    }

    @Test func swappedPointsAreSelfIntersecting() {
        let swapped = [pixels[0], pixels[1], pixels[3], pixels[2]]
        #expect(fit(swapped) == .failure(.selfIntersecting(.projector)))
    }

    @Test func aDentedQuadIsNotConvexAndNamesTheCorner() {
        var dented = pixels
        dented[2] = PointPX(x: 500, y: 300)
        #expect(fit(dented) == .failure(.notConvex(.projector, corner: 3)))
    }

    @Test func threePointsOnALineAreRejected() {
        var flat = pixels
        flat[1] = PointPX(x: 640, y: 30)
        flat[2] = PointPX(x: 1240, y: 30)
        #expect(fit(flat) == .failure(.collinear(.projector, corner: 2)))
    }

    @Test func repeatedPointsAreRejected() {
        var repeated = pixels
        repeated[3] = repeated[0]
        #expect(fit(repeated) == .failure(.repeated(.projector, first: 1, second: 4)))
        var benchRepeated = bench
        benchRepeated[2] = benchRepeated[1]
        #expect(fit(pixels, bench: benchRepeated) == .failure(.repeated(.bench, first: 2, second: 3)))
    }

    @Test func aCrosshairOutsideTheFramebufferIsRejected() {
        var outside = pixels
        outside[1] = PointPX(x: 1300, y: 30)
        #expect(fit(outside) == .failure(.outsideImage(point: 2, x: 1300, y: 30, width: 1280, height: 800)))
    }

    @Test func threePointsAreTheWrongCount() {
        #expect(fit(Array(pixels.prefix(3))) == .failure(.wrongCount(.projector, found: 3)))
        #expect(
            CalibrationFit.fit(Calibration(bench: Array(bench.prefix(3)), projector: pixels), projector: projector())
                == .failure(.wrongCount(.bench, found: 3)))
    }

    @Test func everyProblemSaysWhatIsExpected() {
        let problems: [CalibrationProblem] = [
            .wrongCount(.bench, found: 3), .outsideImage(point: 1, x: -1, y: 0, width: 10, height: 10),
            .repeated(.projector, first: 1, second: 2), .collinear(.bench, corner: 2), .selfIntersecting(.projector),
            .notConvex(.bench, corner: 4), .noSolution,
        ]
        for problem in problems { #expect(problem.description.contains("expected"), "\(problem)") }
    }

    @Test func zonesLeavingTheImageAreNamed() throws {
        let inside = Zone(id: ZoneID("bin"), kind: .bin, shape: .rectangle(Rect(x: 10, y: 10, width: 50, height: 50)))
        let beyond = Zone(
            id: ZoneID("far"), kind: .other, shape: .rectangle(Rect(x: 950, y: 10, width: 200, height: 50)))
        let fit = try fit(pixels, zones: [inside, beyond]).get()
        #expect(fit.zonesOutsideImage == [ZoneID("far")])
    }
}
