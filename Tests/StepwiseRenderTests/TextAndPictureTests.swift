import StepwiseCore
import Testing
@testable import StepwiseRender

@Suite struct TextAndPictureTests {
    let frame = Rect(x: 100, y: 100, width: 500, height: 150)  // px (80, 70) … (380, 160)

    func text(_ s: String, _ language: String) -> Scene {
        Scene(items: [SceneItem(key: "t", content: .text(s, language: language, frame: frame, heightMM: 14))])
    }

    @Test func textIsWhiteInsideItsFrameAndNothingOutside() throws {
        let renderer = try makeRenderer()
        renderer.render(text("Place the housing on the fixture and press it down firmly", "en"))
        let inside = renderer.lit(in: px(frame))
        #expect(inside.count > 200)
        #expect(inside.contains { renderer.pixel($0.x, $0.y) == RGB(r: 255, g: 255, b: 255) })
        #expect(inside.count == renderer.lit(in: PixelRect(x: 0, y: 0, width: 640, height: 360)).count)
    }

    @Test func arabicTextRendersRightToLeft() throws {
        let renderer = try makeRenderer()
        renderer.render(text("ضع الغطاء", "ar"))
        let inside = renderer.lit(in: px(frame))
        #expect(inside.count > 100)
        let meanX = Double(inside.map(\.x).reduce(0, +)) / Double(max(inside.count, 1))
        #expect(meanX > 230, "right-to-left text sits at the frame's right side (mean x \(meanX))")
    }

    @Test func textIsNeverSmallerThanTheMinimum() throws {
        let tiny = try makeRenderer(), minimum = try makeRenderer()
        tiny.render(text("Hello", "en"))
        minimum.render(
            Scene(items: [SceneItem(key: "t", content: .text("Hello", language: "en", frame: frame, heightMM: 1))]))
        let big = tiny.lit(in: px(frame)).count, small = minimum.lit(in: px(frame)).count
        #expect(small > 0 && small * 2 > big, "1 mm text is raised to the 12 mm minimum")
    }

    @Test func pictureIsFittedWithItsAspectKept() throws {
        let renderer = try makeRenderer()
        renderer.render(
            Scene(items: [
                SceneItem(key: "p", content: .picture(path: fixturePath("vermillion-16x8.png"), frame: frame))
            ]))
        // 300 × 90 px box, 2:1 picture → 180 × 90 centred: x 140 … 320.
        let centre = renderer.pixel(230, 115)
        #expect(centre.r > 180 && centre.g < 140 && centre.b < 60, "vermillion: \(centre)")
        #expect(renderer.pixel(100, 115).isBlack && renderer.pixel(360, 115).isBlack)
    }

    @Test func missingPictureDrawsACalmPlaceholder() throws {
        let renderer = try makeRenderer()
        renderer.render(
            Scene(items: [SceneItem(key: "p", content: .picture(path: "/nonexistent/picture.png", frame: frame))]))
        let lit = renderer.lit(in: px(frame))
        #expect(!lit.isEmpty)
        #expect(
            lit.allSatisfy {
                let p = renderer.pixel($0.x, $0.y)
                return p.r == p.g && p.g == p.b
            }, "grey only")
    }

    @Test func pictureFileIsReadOnce() throws {
        let renderer = try makeRenderer()
        let scene = Scene(items: [
            SceneItem(key: "p", content: .picture(path: fixturePath("vermillion-16x8.png"), frame: frame))
        ])
        renderer.fullRedraw(scene)
        renderer.fullRedraw(scene)
        renderer.render(
            Scene(items: scene.items + [SceneItem(key: "z", content: .zone(.rectangle(frame), role: .target))]))
        #expect(renderer.pictureLoads == 1)
    }

    @Test func cueShowsItsPictogramAndWords() throws {
        let renderer = try makeRenderer()
        renderer.render(Scene(items: [SceneItem(key: "c", content: .cue(.tryAgain("Look again"), frame: frame))]))
        let lit = renderer.lit(in: px(frame)).map { renderer.pixel($0.x, $0.y) }
        #expect(lit.contains { $0.r > 200 && $0.g > 130 && $0.g < 180 && $0.b < 40 }, "orange arrow")
        #expect(lit.contains { $0 == RGB(r: 255, g: 255, b: 255) }, "white words")
    }

    /// In a narrow cue column "opnieuw" would be cut ("opnieu-w") beside the pictogram: the words
    /// go below it, whole. Side by side, white words would start level with the pictogram's top.
    @Test func cueWordsGoBelowThePictogramRatherThanBeCutInTwo() throws {
        let renderer = try makeRenderer()
        let narrow = Rect(x: 100, y: 60, width: 110, height: 240)
        renderer.render(
            Scene(items: [SceneItem(key: "c", content: .cue(.tryAgain("Draai de schroef opnieuw vast"), frame: narrow))]
            ))
        let box = px(narrow)
        let white = renderer.lit(in: box).filter { renderer.pixel($0.x, $0.y) == RGB(r: 255, g: 255, b: 255) }
        let pictogramSide = min(Double(box.width), Double(box.height) * 0.45)
        #expect(white.count > 50, "the words are drawn")
        #expect(white.allSatisfy { Double($0.y - box.y) > pictogramSide }, "every word pixel lies below the pictogram")
    }

    @Test func cueWordsStayBesideThePictogramWhenTheyFitWhole() {
        let box = Rect(x: 0, y: 0, width: 400, height: 100)
        let (pictogram, words) = ScenePainter.arrangement(in: box) { _ in false }
        #expect(pictogram == Rect(x: 0, y: 0, width: 100, height: 100))
        #expect(words.x == 110 && words.y == 0 && words.width == 290)
        let (above, below) = ScenePainter.arrangement(in: box) { _ in true }
        #expect(above.maxY <= below.y && below.width == 400, "stacked when a word would be cut")
    }

    @Test func writtenPNGReadsBackWithTheFrameSize() throws {
        let renderer = try makeRenderer()
        renderer.render(typicalStep(1))
        let path = "/tmp/stepwise-render-test-\(UInt32.random(in: 0...UInt32.max)).png"
        try renderer.writePNG(to: path)
        let info = try #require(PNGInfo(path: path))
        #expect(info.width == 640 && info.height == 360)
        #expect(info.inkedPixels > 1000)
    }
}
