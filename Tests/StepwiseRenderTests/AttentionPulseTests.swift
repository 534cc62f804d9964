import StepwiseCore
import Testing
@testable import StepwiseRender

/// The attention pulse asks for frames only while an attention item is shown, and only for its duration.
/// Frames are counted with an injected clock (rendering at each requested deadline), never timed.
@Suite struct AttentionPulseTests {
    let t0 = Instant(seconds: 1_800_000_000)
    let attentionFrame = Rect(x: 100, y: 100, width: 200, height: 150)

    func withAttention(_ n: Int) -> Scene {
        var scene = typicalStep(n)
        scene.items.append(
            SceneItem(key: "attention:bin-9", content: .zone(.rectangle(attentionFrame), role: .attention)))
        return scene
    }

    /// Renders at every deadline the renderer asks for until it asks for none; returns the frames and their damage.
    func runAnimation(_ renderer: FrameRenderer, _ scene: Scene, limit: Int = 500) -> [(Instant, [PixelRect])] {
        var frames: [(Instant, [PixelRect])] = []
        while let due = renderer.nextAnimationDeadline, frames.count < limit {
            frames.append((due, renderer.render(scene, at: due)))
        }
        return frames
    }

    @Test func brightnessEasesDownAndBackTwiceThenIsSteady() {
        #expect(AttentionPulse.intensity(elapsed: 0) == 1)
        #expect(abs((AttentionPulse.intensity(elapsed: 0.5) ?? 0) - AttentionPulse.dimmest) < 1e-9)
        #expect(abs((AttentionPulse.intensity(elapsed: 1.0) ?? 0) - 1) < 1e-9)
        #expect(AttentionPulse.intensity(elapsed: AttentionPulse.duration) == nil)
        #expect(AttentionPulse.duration <= 2.5, "Kosch 2016: pulse briefly, then steady")
    }

    @Test func aSceneWithoutAttentionNeedsNoFrames() throws {
        let renderer = try makeRenderer()
        renderer.render(typicalStep(0), at: t0)
        renderer.render(typicalStep(1), at: t0.adding(seconds: 1))
        #expect(renderer.nextAnimationDeadline == nil)
    }

    @Test func anAttentionZoneAnimatesForItsDurationOnlyAndDamagesOnlyItself() throws {
        let renderer = try makeRenderer()
        renderer.render(typicalStep(0), at: t0)
        renderer.render(withAttention(0), at: t0)
        let frames = runAnimation(renderer, withAttention(0))
        let expected = Int((AttentionPulse.duration / AttentionPulse.frameInterval).rounded())
        #expect((expected...expected + 1).contains(frames.count), "\(frames.count) frames")
        let last = try #require(frames.last)
        #expect(last.0 == t0.adding(seconds: AttentionPulse.duration), "the last frame is the steady one at the end")
        let zone = px(attentionFrame)
        for (_, damage) in frames {
            #expect(damage.count == 1)
            #expect(damage.allSatisfy { zone.union($0).area <= zone.area + 4 * (zone.width + zone.height) * 8 })
        }
        #expect(renderer.nextAnimationDeadline == nil)
        #expect(renderer.render(withAttention(0), at: t0.adding(seconds: 10)).isEmpty, "steady: nothing to redraw")
    }

    @Test func removingTheAttentionItemStopsTheAnimation() throws {
        let renderer = try makeRenderer()
        renderer.render(withAttention(0), at: t0)
        #expect(renderer.nextAnimationDeadline != nil)
        renderer.render(typicalStep(0), at: t0.adding(seconds: 0.1))
        #expect(renderer.nextAnimationDeadline == nil)
    }

    /// The brightest red of the attention outline when it appears (steady) and mid-pulse.
    func outlineBrightness(_ renderer: FrameRenderer) -> (steady: Int, midPulse: Int) {
        let scene = Scene(items: [
            SceneItem(key: "attention:x", content: .zone(.rectangle(attentionFrame), role: .attention))
        ])
        let edge = px(attentionFrame)
        func brightest() -> Int { renderer.lit(in: edge).map { renderer.pixel($0.x, $0.y).r }.max() ?? 0 }
        renderer.render(scene, at: t0)
        let steady = brightest()
        renderer.render(scene, at: t0.adding(seconds: 0.5))
        return (steady, brightest())
    }

    @Test func theOutlineIsDimmerMidPulseThanSteady() throws {
        let (full, dim) = outlineBrightness(try makeRenderer())
        #expect(full > 200)
        #expect(Double(dim) < Double(full) * 0.7, "mid-pulse \(dim) vs steady \(full)")
    }

    @Test func inHighContrastThePulseKeepsMostOfTheContrast() throws {
        let renderer = try makeRenderer()
        var preferences = WorkerPreferences.standard
        preferences.highContrast = true
        renderer.apply(preferences)
        let (full, dim) = outlineBrightness(renderer)
        #expect(Double(dim) >= Double(full) * 0.78 && dim < full, "mid-pulse \(dim) vs steady \(full)")
        #expect(renderer.nextAnimationDeadline != nil, "it still pulses")
    }

    @Test func withoutATimeAttentionIsDrawnSteadyAndNothingAnimates() throws {
        let renderer = try makeRenderer()
        renderer.render(withAttention(0))
        #expect(renderer.nextAnimationDeadline == nil)
    }
}
