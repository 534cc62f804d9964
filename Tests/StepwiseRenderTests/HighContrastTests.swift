import StepwiseCore
import Testing
@testable import StepwiseRender

/// High contrast for low vision or a bright bench: thicker lines, no greys, black background,
/// and each role still told apart by colour and by shape.
@Suite struct HighContrastTests {
    /// A close projector (1.5 px/mm, px = 20 + 1.5·mm) so line widths are several pixels and countable.
    static func closeProjector() -> Projector {
        var projector = testProjector()
        let bench = [PointMM(x: 0, y: 0), PointMM(x: 400, y: 0), PointMM(x: 400, y: 200), PointMM(x: 0, y: 200)]
        projector.calibration = Calibration(
            bench: bench, projector: bench.map { PointPX(x: 20 + 1.5 * $0.x, y: 20 + 1.5 * $0.y) })
        return projector
    }

    func renderer(highContrast: Bool, _ items: [SceneItem]) throws -> FrameRenderer {
        let renderer = try FrameRenderer(projector: Self.closeProjector())
        renderer.apply(WorkerPreferences(highContrast: highContrast))
        renderer.render(Scene(items: items))
        return renderer
    }

    let zone = PolygonMM.rectangle(Rect(x: 100, y: 50, width: 200, height: 120))  // px (170, 95) … (470, 275)

    /// Pixels across the zone's left edge (x = 170) at half height that are more than half lit.
    func strokeWidth(_ renderer: FrameRenderer) -> Int {
        (150..<190).filter { x in
            let p = renderer.pixel(x, 185)
            return max(p.r, p.g, p.b) > 128
        }.count
    }

    @Test func outlinesAreClearlyThicker() throws {
        let item = SceneItem(key: "z", content: .zone(zone, role: .target))
        let normal = strokeWidth(try renderer(highContrast: false, [item]))
        let strong = strokeWidth(try renderer(highContrast: true, [item]))
        // 4 mm at 1.5 px/mm = 6 px; ×1.75 = 10.5 px.
        #expect((5...7).contains(normal), "normal outline \(normal) px")
        #expect(Double(strong) >= Double(normal) * 1.5, "high contrast \(strong) px vs \(normal) px")
    }

    @Test func aMissingPictureIsWhiteNotGrey() throws {
        let frame = Rect(x: 20, y: 20, width: 200, height: 150)
        let item = SceneItem(key: "p", content: .picture(path: "/nonexistent/picture.png", frame: frame))
        func commonest(_ renderer: FrameRenderer) -> RGB? {
            let lit = renderer.lit(in: PixelRect(x: 0, y: 0, width: 640, height: 360)).map {
                renderer.pixel($0.x, $0.y)
            }
            let counts = Dictionary(lit.map { ($0.description, 1) }, uniquingKeysWith: +)
            return counts.max { $0.value < $1.value }.flatMap { best in lit.first { $0.description == best.key } }
        }
        // Antialiased edges are grey in both; what the eye reads is the colour most pixels have.
        #expect(commonest(try renderer(highContrast: false, [item])) == RGB(r: 170, g: 170, b: 170))
        let strong = try renderer(highContrast: true, [item])
        #expect(commonest(strong) == RGB(r: 255, g: 255, b: 255))
    }

    @Test func theBackgroundStaysBlackAndPickKeepsItsColoursAndShapes() throws {
        let strong = try renderer(highContrast: true, [SceneItem(key: "z", content: .zone(zone, role: .pick))])
        #expect(strong.pixel(600, 330).isBlack && strong.pixel(320, 185).isBlack, "outside and inside stay dark")
        let outline = strong.pixel(170, 185)
        #expect(outline.g > 120 && outline.r < 60, "bluish-green outline: \(outline)")
        let arrow = strong.pixel(320, 120)
        #expect(arrow.r > 200 && arrow.g > 200 && arrow.b < 120, "yellow pick arrow: \(arrow)")
        // The corner brackets sit outside the outline, above its top-left corner.
        #expect(!strong.lit(in: PixelRect(x: 180, y: 60, width: 30, height: 20)).isEmpty, "corner bracket present")
    }

    @Test func damageCoversTheThickerLines() throws {
        let incremental = try FrameRenderer(projector: testProjector()),
            full = try FrameRenderer(projector: testProjector())
        for renderer in [incremental, full] { renderer.apply(WorkerPreferences(highContrast: true)) }
        incremental.render(typicalStep(1))
        incremental.render(typicalStep(2))
        full.fullRedraw(typicalStep(2))
        #expect(incremental.snapshot == full.snapshot)
    }
}
