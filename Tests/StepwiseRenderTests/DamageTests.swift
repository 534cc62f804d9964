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
        next.items[4] = SceneItem(
            key: "progress", content: .progress(done: 2, total: 6, frame: Rect(x: 10, y: 450, width: 240, height: 40)))
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
        let zone = SceneItem(
            key: "z", content: .zone(.rectangle(Rect(x: 100, y: 100, width: 200, height: 150)), role: .target))
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

/// Damage from what items light, not their frames: a text's ink, a picture's fitted rectangle.
@Suite struct TightDamageTests {
    @Test func aShorterTextDamagesItsInkNotItsWholeFrame() throws {
        let renderer = try makeRenderer()
        let frame = Rect(x: 10, y: 10, width: 360, height: 90)
        func scene(_ text: String) -> Scene {
            Scene(items: [SceneItem(key: "text", content: .text(text, language: "en", frame: frame, heightMM: 14))])
        }
        renderer.render(scene("Go"))
        let damage = renderer.render(scene("Up"))
        let area = damage.map(\.area).reduce(0, +)
        #expect(area > 0)
        #expect(area * 3 < px(frame).area, "two short words damage a fraction of the frame: \(damage)")
    }

    @Test func aPictureDamagesOnlyWhereItIsFitted() throws {
        let renderer = try makeRenderer()
        let frame = Rect(x: 10, y: 110, width: 400, height: 120)
        let picture = SceneItem(
            key: "picture", content: .picture(path: fixturePath("vermillion-16x8.png"), frame: frame))
        renderer.render(.blank)
        let damage = renderer.render(Scene(items: [picture]))
        // A 2:1 picture in a 10:3 frame is as high as the frame and 0.6 as wide.
        let area = damage.map(\.area).reduce(0, +)
        #expect(area > 0)
        #expect(Double(area) < Double(px(frame).area) * 0.7, "\(damage)")
    }

    @Test func overlappingBandsAreCutIntoDisjointPiecesOverTheSamePixels() {
        let top = PixelRect(x: 0, y: 0, width: 100, height: 4), right = PixelRect(x: 96, y: 0, width: 4, height: 100)
        let text = PixelRect(x: 90, y: 50, width: 60, height: 20), again = PixelRect(x: 0, y: 0, width: 100, height: 3)
        let covered = Damage.covering([top, right, text, again])
        func pixels(_ rects: [PixelRect]) -> Set<Int> {
            Set(rects.flatMap { r in (r.y..<r.maxY).flatMap { y in (r.x..<r.maxX).map { y * 1000 + $0 } } })
        }
        for (i, a) in covered.enumerated() {
            for b in covered[(i + 1)...] { #expect(!a.intersects(b), "\(a) and \(b)") }
        }
        #expect(pixels(covered) == pixels([top, right, text]))
        #expect(covered.map(\.area).reduce(0, +) == pixels([top, right, text]).count, "no pixel twice, none added")
    }

    @Test func aLargeZoneDamagesItsOutlineNotItsEmptyInside() throws {
        let renderer = try makeRenderer()
        let frame = Rect(x: 100, y: 100, width: 400, height: 300)
        renderer.render(.blank)
        let target = renderer.render(
            Scene(items: [SceneItem(key: "z", content: .zone(.rectangle(frame), role: .target))]))
        #expect(target.map(\.area).reduce(0, +) * 2 < px(frame).area, "\(target)")
        // A bin: its role changes, so the bands with the corner brackets and the arrow are redrawn and erased.
        renderer.render(Scene(items: [SceneItem(key: "z", content: .zone(.rectangle(frame), role: .pick))]))
        renderer.render(.blank)
        #expect(
            renderer.lit(in: PixelRect(x: 0, y: 0, width: 640, height: 360)).isEmpty,
            "outline, brackets and arrow erased")
    }
}
