import StepwiseCore
import Testing
@testable import StepwiseRender

/// Per-worker preferences and the minimum text height in millimetres on the bench.
@Suite struct PreferencesTests {
    @Test func textScaleIsClampedSoTextNeverShrinksBelowTheCellsMinimum() {
        #expect(WorkerPreferences(textScale: 0.5).textScale == 1)
        #expect(WorkerPreferences(textScale: 9).textScale == 3)
        #expect(WorkerPreferences.standard == WorkerPreferences(textScale: 1, highContrast: false, language: nil))
    }

    /// Rows with lit pixels in `rect`: the drawn height.
    func litHeight(_ renderer: FrameRenderer, in rect: PixelRect) -> Int {
        let ys = renderer.lit(in: rect).map(\.y)
        guard let top = ys.min(), let bottom = ys.max() else { return 0 }
        return bottom - top + 1
    }

    func capital(heightMM: Double, minimumMM: Double, scale: Double = 1) throws -> Int {
        var projector = testProjector()
        projector.minimumTextMM = minimumMM
        let renderer = try FrameRenderer(projector: projector)
        renderer.apply(WorkerPreferences(textScale: scale))
        let frame = Rect(x: 50, y: 50, width: 800, height: 300)
        renderer.render(
            Scene(items: [SceneItem(key: "text", content: .text("H", language: "en", frame: frame, heightMM: heightMM))]
            ))
        return litHeight(renderer, in: px(frame))
    }

    @Test func capitalsAreAtLeastTheMinimumHeightInMillimetres() throws {
        // 0.6 px/mm: a 50 mm minimum is 30 px, whatever smaller height the scene asks for.
        let height = try capital(heightMM: 10, minimumMM: 50)
        #expect(Double(height) >= 30 * 0.95 && Double(height) <= 30 * 1.1, "capital H is \(height) px")
        let larger = try capital(heightMM: 80, minimumMM: 50)
        #expect(Double(larger) >= 48 * 0.95, "a larger requested height wins: \(larger) px")
    }

    @Test func rendererTextScaleEnlargesCueWords() throws {
        var projector = testProjector()
        projector.minimumTextMM = 30
        func wordsHeight(_ scale: Double) throws -> Int {
            let renderer = try FrameRenderer(projector: projector)
            renderer.apply(WorkerPreferences(textScale: scale))
            let frame = Rect(x: 0, y: 0, width: 900, height: 300)
            renderer.render(Scene(items: [SceneItem(key: "cue", content: .cue(.fault("HHH"), frame: frame))]))
            let box = px(frame)
            return litHeight(
                renderer,
                in: PixelRect(x: box.x + box.height, y: box.y, width: box.width - box.height, height: box.height))
        }
        let normal = try wordsHeight(1), doubled = try wordsHeight(2)
        #expect(Double(doubled) > Double(normal) * 1.6, "\(doubled) vs \(normal)")
    }

    @Test func applyingPreferencesRedrawsTheWholeFrameOnce() throws {
        let renderer = try makeRenderer()
        renderer.render(typicalStep(0))
        renderer.apply(WorkerPreferences(highContrast: true))
        #expect(renderer.render(typicalStep(0)) == [PixelRect(x: 0, y: 0, width: 640, height: 360)])
        #expect(renderer.render(typicalStep(0)).isEmpty)
    }
}
