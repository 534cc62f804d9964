import StepwiseCore
import Testing
@testable import StepwiseRender

@Suite struct ZoneRenderingTests {
    let zoneMM = Rect(x: 100, y: 100, width: 200, height: 150)  // → px (80, 70) … (200, 160)

    @Test func degenerateCalibrationIsRejected() {
        var projector = testProjector()
        projector.calibration.bench = [
            PointMM(x: 0, y: 0), PointMM(x: 1, y: 1), PointMM(x: 2, y: 2), PointMM(x: 3, y: 3),
        ]
        #expect(throws: RenderError.degenerateCalibration) { try FrameRenderer(projector: projector) }
    }

    @Test func targetOutlineLandsWhereTheHomographySays() throws {
        let renderer = try makeRenderer()
        renderer.render(Scene(items: [SceneItem(key: "z", content: .zone(.rectangle(zoneMM), role: .target))]))
        let edge = renderer.pixel(80, 115)
        #expect(edge.b > 180 && edge.r < 140, "left edge is sky blue: \(edge)")
        #expect(renderer.pixel(200, 115).b > 180, "right edge")
        #expect(renderer.pixel(140, 70).b > 180, "top edge")
        #expect(renderer.pixel(140, 115).isBlack, "inside stays dark")
        #expect(renderer.pixel(70, 115).isBlack, "outside stays dark")
        #expect(renderer.pixel(140, 175).isBlack, "below stays dark")
    }

    @Test func attentionOutlineIsDashed() throws {
        let renderer = try makeRenderer()
        renderer.render(Scene(items: [SceneItem(key: "z", content: .zone(.rectangle(zoneMM), role: .attention))]))
        let bottomEdge = (90..<190).map { renderer.pixel($0, 160) }
        #expect(bottomEdge.contains { $0.r > 180 && $0.b < 80 }, "orange dashes")
        #expect(bottomEdge.contains { $0.isBlack }, "gaps between dashes")
    }

    @Test func pickZoneHasCornerBracketsOutsideItsOutline() throws {
        let renderer = try makeRenderer()
        let target = try makeRenderer()
        let zone = PolygonMM.rectangle(zoneMM)
        renderer.render(Scene(items: [SceneItem(key: "z", content: .zone(zone, role: .pick))]))
        target.render(Scene(items: [SceneItem(key: "z", content: .zone(zone, role: .target))]))
        let outside = PixelRect(x: 72, y: 74, width: 4, height: 10)  // left of the left edge (x = 80), near its top
        #expect(!renderer.lit(in: outside).isEmpty)
        #expect(target.lit(in: outside).isEmpty)
        let arrow = renderer.pixel(140, 80)
        #expect(arrow.r > 200 && arrow.g > 200 && arrow.b < 120, "yellow arrow marker: \(arrow)")
    }

    @Test func contourIsWhite() throws {
        let renderer = try makeRenderer()
        renderer.render(Scene(items: [SceneItem(key: "c", content: .contour(.rectangle(zoneMM)))]))
        let lit = renderer.lit(in: PixelRect(x: 78, y: 90, width: 5, height: 60))
        #expect(!lit.isEmpty)
        #expect(
            lit.allSatisfy {
                let p = renderer.pixel($0.x, $0.y)
                return p.r == p.g && p.g == p.b
            })
    }

    @Test func progressFillsDoneDotsAndOutlinesTheRest() throws {
        let renderer = try makeRenderer()
        // Frame px (20, 310) … (260, 334): four dots 60 px apart, centres at x = 50, 110, 170, 230; y = 322.
        renderer.render(
            Scene(items: [
                SceneItem(
                    key: "p",
                    content: .progress(
                        done: 2, total: 4,
                        frame: Rect(x: 0, y: 500, width: 400, height: 40)))
            ]))
        #expect(renderer.pixel(50, 322).g > 120, "done dot is filled")
        #expect(renderer.pixel(170, 322).isBlack, "to-do dot is only outlined")
        #expect(!renderer.lit(in: PixelRect(x: 155, y: 305, width: 30, height: 35)).isEmpty)
    }
}
