import StepwiseCore
import Testing
@testable import StepwiseRender

@Suite struct DamageTests {
    @Test func firstFrameIsFullAndRepeatingItIsFree() throws {
        let renderer = try makeRenderer()
        #expect(renderer.render(typicalStep(1)) == [PixelRect(x: 0, y: 0, width: 640, height: 360)])
        #expect(renderer.render(typicalStep(1)).isEmpty)
    }

    @Test func progressChangeDamagesOnlyTheProgressFrame() throws {
        let renderer = try makeRenderer()
        renderer.render(typicalStep(1))
        var next = typicalStep(1)
        next.items[4] = SceneItem(key: "progress", content: .progress(done: 2, total: 6, frame: Rect(x: 10, y: 450, width: 240, height: 40)))
        let damage = renderer.render(next)
        let progress = px(Rect(x: 10, y: 450, width: 240, height: 40))
        #expect(damage.count == 1)
        #expect(damage.first.map { $0.intersection(progress) == progress } == true, "covers the progress: \(damage)")
        let fixture = px(Rect(x: 500, y: 200, width: 300, height: 200))
        #expect(!damage.contains { $0.intersects(fixture) })
    }

    @Test func stepTransitionDamagesLessThanHalfTheFrame() throws {
        let renderer = try makeRenderer()
        renderer.render(typicalStep(1))
        let damage = renderer.render(typicalStep(2))
        let area = damage.map(\.area).reduce(0, +)
        #expect(!damage.isEmpty)
        #expect(Double(area) / Double(640 * 360) < 0.5, "damage \(area) px: \(damage)")
    }

    @Test func damagedRedrawEqualsAFullRedraw() throws {
        let incremental = try makeRenderer(), full = try makeRenderer()
        incremental.render(typicalStep(1))
        incremental.render(typicalStep(2))
        full.fullRedraw(typicalStep(2))
        #expect(incremental.snapshot == full.snapshot)
    }

    @Test func removedItemIsErased() throws {
        let renderer = try makeRenderer()
        let zone = SceneItem(key: "z", content: .zone(.rectangle(Rect(x: 100, y: 100, width: 200, height: 150)), role: .target))
        renderer.render(Scene(items: [zone]))
        #expect(!renderer.pixel(80, 115).isBlack)
        let damage = renderer.render(.blank)
        #expect(!damage.isEmpty)
        #expect(renderer.lit(in: PixelRect(x: 0, y: 0, width: 640, height: 360)).isEmpty)
    }

    @Test func overlappingRectanglesMergeAndSeparateOnesStay() {
        let a = PixelRect(x: 0, y: 0, width: 10, height: 10), b = PixelRect(x: 5, y: 5, width: 10, height: 10)
        let c = PixelRect(x: 100, y: 100, width: 5, height: 5), d = PixelRect(x: 14, y: 0, width: 90, height: 2)
        let merged = Damage.merged([a, c, b, d])
        #expect(merged.count == 2)
        #expect(merged.contains(PixelRect(x: 0, y: 0, width: 104, height: 15)))
        #expect(merged.contains(c))
    }
}
