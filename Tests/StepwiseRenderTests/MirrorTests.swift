import CPangoCairo
import Foundation
import StepwiseCore
import Testing
@testable import StepwiseRender

/// The PNG mirror gets only damaged rectangles from the event thread, yet must write whole,
/// exact frames: the buffer it hands back after encoding is brought up to date first.
@Suite struct MirrorTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("mirror-\(UUID().uuidString).png").path

    /// The PNG's pixels as R,G,B per pixel.
    func pngRGB() -> [UInt8]? {
        let surface = cairo_image_surface_create_from_png(path)!
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return nil }
        cairo_surface_flush(surface)
        let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        return (0..<(width * height)).flatMap { i -> [UInt8] in
            let p = data + (i / width) * stride + (i % width) * 4
            return [p[2], p[1], p[0]]
        }
    }

    func rendererRGB(_ renderer: FrameRenderer) -> [UInt8] {
        (0..<(renderer.width * renderer.height)).flatMap { i -> [UInt8] in
            let rgb = renderer.pixel(i % renderer.width, i / renderer.width)
            return [UInt8(rgb.r), UInt8(rgb.g), UInt8(rgb.b)]
        }
    }

    @Test func everyWrittenFrameIsTheWholeLatestFrame() throws {
        let renderer = try makeRenderer()
        let mirror = PNGMirror(path: path, width: renderer.width, height: renderer.height, minimumInterval: 0)
        defer {
            mirror.close()
            unlink(path)
        }
        mirror.submit(renderer, damage: renderer.render(typicalStep(0)))
        mirror.flush()
        // Each frame goes out before the next, so the buffers swap between them and the
        // rectangles of frame 1 must be caught up in the buffer that encoded frame 0.
        for step in 1...3 {
            let damage = renderer.render(typicalStep(step))
            #expect(!damage.isEmpty)
            mirror.submit(renderer, damage: damage)
            mirror.flush()
            #expect(pngRGB() == rendererRGB(renderer), "frame \(step)")
        }
        #expect(mirror.written == 4)
    }

    @Test func framesSubmittedFasterThanWrittenCollapseIntoTheLatest() throws {
        let renderer = try makeRenderer()
        let mirror = PNGMirror(path: path, width: renderer.width, height: renderer.height, minimumInterval: 3600)
        defer { unlink(path) }
        mirror.submit(renderer, damage: renderer.render(typicalStep(0)))
        for step in 1...5 { mirror.submit(renderer, damage: renderer.render(typicalStep(step))) }
        // The hour-long interval is cut short by close, which writes the last frame at once.
        mirror.close()
        #expect(mirror.written <= 2)
        #expect(pngRGB() == rendererRGB(renderer))
    }

    @Test func aFrameOfAnotherSizeIsIgnored() throws {
        let renderer = try makeRenderer()
        let mirror = PNGMirror(path: path, width: 32, height: 16, minimumInterval: 0)
        mirror.submit(renderer, damage: renderer.render(typicalStep(0)))
        mirror.close()
        #expect(mirror.written == 0)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

/// Shaped text survives steps that do not show it: a worker's cycle brings the same texts back.
@Suite struct TextLayoutCacheTests {
    func scene(_ text: String) -> Scene {
        Scene(items: [
            SceneItem(
                key: "text",
                content: .text(
                    text, language: "en",
                    frame: Rect(x: 10, y: 10, width: 360, height: 90), heightMM: 14))
        ])
    }

    @Test func aTextSeenBeforeIsNotShapedAgain() throws {
        let renderer = try makeRenderer()
        let texts = ["Pick the housing", "Insert the shell", "Fit four screws", "Close the cover", "Check the label"]
        for text in texts { renderer.render(scene(text)) }
        let shaped = renderer.textLayoutsShaped
        #expect(shaped == texts.count)
        for text in texts { renderer.render(scene(text)) }
        #expect(renderer.textLayoutsShaped == shaped)
    }

    @Test func theCacheStaysWithinItsCapacity() {
        let layouts = TextLayouts(capacity: 8)
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 64, 64)!
        let cr = cairo_create(surface)!
        defer {
            layouts.release()
            cairo_destroy(cr)
            cairo_surface_destroy(surface)
        }
        for i in 0..<40 {
            _ = layouts.layout("text \(i)", language: "en", width: 60, pixelSize: 12, for: cr)
            layouts.trim()
            #expect(layouts.count <= 8)
        }
        #expect(layouts.shaped == 40)
    }
}
