import StepwiseCore
import Testing
@testable import StepwiseRender

/// Pixels drawn through calibrations other than the simple test map: a keystoned (perspective)
/// projector, and a closer one with more pixels per millimetre.
@Suite struct CalibratedRenderingTests {
    /// The bench's 1000 × 500 mm seen by a tilted projector: the far edge is 200 px narrower.
    static func keystoned(minimumTextMM: Double = 12) -> Projector {
        var projector = testProjector()
        projector.calibration.projector = [
            PointPX(x: 20, y: 10), PointPX(x: 620, y: 10), PointPX(x: 520, y: 340), PointPX(x: 120, y: 340),
        ]
        projector.minimumTextMM = minimumTextMM
        return projector
    }

    @Test func outlineLandsOnTheKeystonedEdgesAndNowhereElse() throws {
        let projector = Self.keystoned()
        let h = try #require(projector.calibration.homography)
        let renderer = try FrameRenderer(projector: projector)
        let zone = PolygonMM.rectangle(Rect(x: 200, y: 100, width: 400, height: 300))
        renderer.render(Scene(items: [SceneItem(key: "z", content: .zone(zone, role: .target))]))
        let corners = zone.points.map { h.apply($0) }
        for i in 0..<4 {
            let a = corners[i], b = corners[(i + 1) % 4]
            let mid = PointPX(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2)
            let onEdge = renderer.pixel(Int(mid.x), Int(mid.y))
            #expect(onEdge.b > 180 && onEdge.r < 140, "edge \(i + 1) at \(mid) is sky blue: \(onEdge)")
            // 8 px across the edge, both ways: dark inside and outside (the line is ~1.5 px wide here).
            let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            let normal = (x: -(b.y - a.y) / length, y: (b.x - a.x) / length)
            for side in [-8.0, 8.0] {
                let p = renderer.pixel(
                    Int((mid.x + normal.x * side).rounded()), Int((mid.y + normal.y * side).rounded()))
                #expect(p.isBlack, "8 px off edge \(i + 1) stays dark: \(p)")
            }
        }
        // Where the affine test map would have put the left edge (x = 20 + 0.6·200 = 140) is dark here.
        let centre = h.apply(PointMM(x: 400, y: 250))
        #expect(abs(corners[0].x - 140) > 8)
        #expect(renderer.pixel(140, Int(centre.y)).isBlack)
    }

    /// Rows with non-black pixels in `rect`.
    func inkHeight(_ renderer: FrameRenderer, in rect: PixelRect) -> Int {
        let ys = renderer.lit(in: rect).map(\.y)
        guard let top = ys.min(), let bottom = ys.max() else { return 0 }
        return bottom - top + 1
    }

    @Test func minimumTextFollowsTheCalibrationsScaleAndTheWorkersTextScale() throws {
        // A closer projector: 0.9 px/mm instead of 0.6. Minimum 20 mm × text scale 1.5 = 30 mm = 27 px capitals.
        var projector = testProjector()
        let bench = [PointMM(x: 0, y: 0), PointMM(x: 600, y: 0), PointMM(x: 600, y: 300), PointMM(x: 0, y: 300)]
        projector.calibration = Calibration(
            bench: bench, projector: bench.map { PointPX(x: 20 + 0.9 * $0.x, y: 10 + 0.9 * $0.y) })
        projector.minimumTextMM = 20
        let renderer = try FrameRenderer(projector: projector)
        renderer.apply(WorkerPreferences(textScale: 1.5))
        let frame = Rect(x: 20, y: 20, width: 500, height: 200)  // px (38, 28) … (488, 208)
        renderer.render(
            Scene(items: [SceneItem(key: "t", content: .text("H", language: "en", frame: frame, heightMM: 8))]))
        let box = PixelRect(x: 38, y: 28, width: 450, height: 180)
        let ink = inkHeight(renderer, in: box)
        #expect(Double(ink) >= 20 * 1.5 * 0.9, "capital H is \(ink) px; expected ≥ 27 px")
        #expect(Double(ink) <= 20 * 1.5 * 0.9 * 1.15, "and not far above the minimum: \(ink) px")
    }

    @Test func keystonedTextIsAtLeastTheMinimumWhereTheFrameIsSmallest() throws {
        let projector = Self.keystoned(minimumTextMM: 40)
        let h = try #require(projector.calibration.homography)
        let renderer = try FrameRenderer(projector: projector)
        let frame = Rect(x: 300, y: 250, width: 400, height: 200)
        renderer.render(
            Scene(items: [SceneItem(key: "t", content: .text("H", language: "en", frame: frame, heightMM: 10))]))
        let smallest = PolygonMM.rectangle(frame).points.map { h.scale(at: $0) }.min()!
        let ink = inkHeight(renderer, in: PixelRect(x: 0, y: 0, width: 640, height: 360))
        #expect(Double(ink) >= 40 * smallest, "capital H is \(ink) px; expected ≥ \(40 * smallest) px")
    }
}
