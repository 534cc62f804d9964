import StepwiseTestSupport
import Foundation
import StepwiseCore
import StepwiseFormats
import StepwiseDevices
import StepwiseRender
import Testing

/// Rendered frames as they land in framebuffer memory: each pixel layout with a row stride wider
/// than the image, and only the damaged rectangles rewritten.
@Suite struct RenderedFramebufferTests {
    /// 200 × 100 px at 0.5 px/mm with rows padded to `stride` bytes.
    func projector(_ format: PixelFormat, stride: Int, file: String) -> Projector {
        let bench = [PointMM(x: 0, y: 0), PointMM(x: 400, y: 0), PointMM(x: 400, y: 200), PointMM(x: 0, y: 200)]
        return Projector(
            display: DisplaySource(
                FramebufferDisplaySettings(target: .file(path: file), pixelFormat: format, stride: stride)),
            width: 200, height: 100,
            calibration: Calibration(bench: bench, projector: bench.map { PointPX(x: 0.5 * $0.x, y: 0.5 * $0.y) }),
            panel: Rect(x: 0, y: 0, width: 100, height: 100))
    }

    /// A target zone from (40, 40) to (360, 160) mm: its left edge is at x = 20 px, y 20…80 px.
    let scene = Scene(items: [
        SceneItem(key: "z", content: .zone(.rectangle(Rect(x: 40, y: 40, width: 320, height: 120)), role: .target))
    ])

    func present(_ projector: Projector, _ scene: Scene, renderer: FrameRenderer, framebuffer: Framebuffer) throws {
        let damage = renderer.render(scene)
        try renderer.withPixels {
            try framebuffer.present(argb32: $0, sourceBytesPerRow: renderer.bytesPerRow, damage: damage).get()
        }
    }

    /// The scene presented once into a fresh file-backed framebuffer of `format` and `stride`: the file's bytes.
    func presentedOnce(_ format: PixelFormat, stride: Int) throws -> [UInt8] {
        let file = try Repository.scratch().appendingPathComponent("fb").path
        let projector = projector(format, stride: stride, file: file)
        let framebuffer = try Framebuffer.open(#require(projector.framebuffer).config(projector), relativeTo: nil).get()
        try present(projector, scene, renderer: try FrameRenderer(projector: projector), framebuffer: framebuffer)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
    }

    @Test func xrgb8888WithAWideStrideHoldsTheOutlineAtItsPixels() throws {
        let bytes = try presentedOnce(.xrgb8888, stride: 1024)
        #expect(bytes.count == 1024 * 100)
        func rgb(_ x: Int, _ y: Int) -> [UInt8] {
            let i = y * 1024 + x * 4
            return [bytes[i + 2], bytes[i + 1], bytes[i]]
        }
        #expect(rgb(20, 50) == [86, 180, 233], "sky blue edge at row 50: \(rgb(20, 50))")
        #expect(rgb(50, 50) == [0, 0, 0], "inside stays dark")
        #expect(bytes[(50 * 1024 + 800)..<(51 * 1024)].allSatisfy { $0 == 0 }, "row padding untouched")
    }

    @Test func rgb565WithAWideStridePacksTheOutlineColour() throws {
        let bytes = try presentedOnce(.rgb565, stride: 448)
        #expect(bytes.count == 448 * 100)
        func word(_ x: Int, _ y: Int) -> UInt16 {
            let i = y * 448 + x * 2
            return UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
        }
        // Sky blue (86, 180, 233) in 5-6-5: 86 >> 3 = 10, 180 >> 2 = 45, 233 >> 3 = 29.
        let expected = UInt16(10) << 11 | UInt16(45) << 5 | UInt16(29)
        #expect(word(20, 50) == expected, "\(String(word(20, 50), radix: 16))")
        #expect(word(50, 50) == 0)
        #expect(bytes[(50 * 448 + 400)..<(51 * 448)].allSatisfy { $0 == 0 }, "row padding untouched")
    }

    @Test func aChangedItemRewritesOnlyItsDamageInTheFramebuffer() throws {
        let file = try Repository.scratch().appendingPathComponent("fb").path
        let projector = projector(.xrgb8888, stride: 1024, file: file)
        let framebuffer = try Framebuffer.open(#require(projector.framebuffer).config(projector), relativeTo: nil).get()
        let renderer = try FrameRenderer(projector: projector)
        let extra = SceneItem(
            key: "bin", content: .zone(.rectangle(Rect(x: 300, y: 10, width: 60, height: 20)), role: .pick))
        try present(projector, Scene(items: scene.items + [extra]), renderer: renderer, framebuffer: framebuffer)
        let before = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        var moved = scene
        moved.items[0] = SceneItem(
            key: "z", content: .zone(.rectangle(Rect(x: 60, y: 40, width: 320, height: 120)), role: .target))
        let damage = renderer.render(Scene(items: moved.items + [extra]))
        try renderer.withPixels {
            try framebuffer.present(argb32: $0, sourceBytesPerRow: renderer.bytesPerRow, damage: damage).get()
        }
        let after = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(!damage.isEmpty && damage.reduce(0) { $0 + $1.area } < 200 * 100)
        for y in 0..<100 {
            for x in 0..<200
            where !damage.contains(where: { $0.intersects(PixelRect(x: x, y: y, width: 1, height: 1)) }) {
                let i = y * 1024 + x * 4
                if before[i..<(i + 4)] != after[i..<(i + 4)] {
                    Issue.record("pixel \(x),\(y) outside the damage changed")
                    return
                }
            }
        }
        #expect(
            after[(50 * 1024 + 20 * 4)..<(50 * 1024 + 20 * 4 + 3)].allSatisfy { $0 == 0 }, "the old left edge is erased"
        )
    }
}
