import Glibc
import StepwiseCore
import Testing
@testable import StepwiseDevices

@Suite struct FramebufferFileTests {
    let directory = makeTemporaryDirectory()

    private func open(_ format: PixelFormat, stride: Int? = nil) throws -> (Framebuffer, String) {
        let path = directory + "/fb-\(format.rawValue)-\(stride ?? 0)"
        let framebuffer = try Framebuffer.open(
            fileProjector(path, format: format, stride: stride), relativeTo: nil
        ).get()
        return (framebuffer, path)
    }

    @Test func onlyTheDamagedRectangleChanges() throws {
        let (framebuffer, path) = try open(.xrgb8888)
        let damage = PixelRect(x: 10, y: 5, width: 20, height: 8)
        let image = SourceImage()
        try image.present(on: framebuffer, damage: [damage]).get()
        let bytes = readBytes(path)
        #expect(bytes.count == 64 * 4 * 32)
        for y in 0..<32 {
            for x in 0..<64 {
                let inside = damage.intersects(PixelRect(x: x, y: y, width: 1, height: 1))
                #expect(bytes.word32(at: y * 256 + x * 4) == (inside ? image.pixel(x, y) : 0), "pixel \(x),\(y)")
            }
        }
    }

    @Test func xrgb8888CopiesEveryPixelExactly() throws {
        let (framebuffer, path) = try open(.xrgb8888)
        let image = SourceImage()
        try image.present(on: framebuffer, damage: [framebuffer.geometry.bounds]).get()
        let bytes = readBytes(path)
        #expect(bytes == image.words.withUnsafeBytes { Array($0) })
    }

    @Test func argb8888MakesEveryPixelOpaque() throws {
        let (framebuffer, path) = try open(.argb8888)
        let image = SourceImage(alpha: 0x40)
        try image.present(on: framebuffer, damage: [framebuffer.geometry.bounds]).get()
        let bytes = readBytes(path)
        for y in 0..<32 {
            for x in 0..<64 {
                #expect(bytes.word32(at: y * 256 + x * 4) == image.pixel(x, y) & 0x00ff_ffff | 0xff00_0000)
            }
        }
    }

    @Test func rgb565PacksEveryPixelWithAWideStride() throws {
        let stride = 64 * 2 + 24
        let (framebuffer, path) = try open(.rgb565, stride: stride)
        #expect(framebuffer.geometry.bytesPerRow == stride)
        let image = SourceImage()
        try image.present(on: framebuffer, damage: [framebuffer.geometry.bounds]).get()
        let bytes = readBytes(path)
        #expect(bytes.count == stride * 32)
        for y in 0..<32 {
            for x in 0..<64 {
                let p = image.pixel(x, y)
                let r = UInt16((p >> 16) & 0xff) >> 3, g = UInt16((p >> 8) & 0xff) >> 2, b = UInt16(p & 0xff) >> 3
                #expect(bytes.word16(at: y * stride + x * 2) == r << 11 | g << 5 | b, "pixel \(x),\(y)")
            }
            #expect(bytes[(y * stride + 128)..<((y + 1) * stride)].allSatisfy { $0 == 0 }, "row \(y) padding")
        }
    }

    @Test func xrgb8888HonoursAStrideLargerThanTheRow() throws {
        let stride = 64 * 4 + 32
        let (framebuffer, path) = try open(.xrgb8888, stride: stride)
        let image = SourceImage()
        let damage = PixelRect(x: 60, y: 30, width: 10, height: 10)  // partly off screen: clipped
        try image.present(on: framebuffer, damage: [damage]).get()
        let bytes = readBytes(path)
        for y in 0..<32 {
            for x in 0..<64 {
                let expected = x >= 60 && y >= 30 ? image.pixel(x, y) : 0
                #expect(bytes.word32(at: y * stride + x * 4) == expected, "pixel \(x),\(y)")
            }
            #expect(bytes[(y * stride + 256)..<((y + 1) * stride)].allSatisfy { $0 == 0 })
        }
    }

    @Test func aRelativePathIsResolvedAgainstTheCellFolder() throws {
        let projector = fileProjector("projector.fb", format: .rgb565)
        let framebuffer = try Framebuffer.open(projector, relativeTo: directory).get()
        #expect(framebuffer.path == directory + "/projector.fb")
        #expect(
            framebuffer.geometry
                == FramebufferGeometry(
                    width: 64, height: 32, bytesPerRow: 128, format: .rgb565, virtualHeight: 32, canPan: false))
        #expect(readBytes(directory + "/projector.fb").count == 128 * 32)
    }

    @Test func aTooSmallSourceIsRefusedWithWhatIsExpected() throws {
        let (framebuffer, _) = try open(.xrgb8888)
        let small = [UInt32](repeating: 0, count: 16)
        let result = small.withUnsafeBytes {
            framebuffer.present(argb32: $0, sourceBytesPerRow: 16, damage: [framebuffer.geometry.bounds])
        }
        guard case .failure(let error) = result else {
            Issue.record("a 4×4 source was accepted for 64×32")
            return
        }
        #expect(error.message.contains("expected an ARGB32 image of at least 64×32"))
    }

    @Test func aStrideNarrowerThanTheRowIsRefused() {
        let result = Framebuffer.open(
            fileProjector(directory + "/narrow", format: .xrgb8888, stride: 100), relativeTo: nil)
        guard case .failure(let error) = result else {
            Issue.record("stride 100 accepted for 64 × 4 bytes")
            return
        }
        #expect(error.kind == .unsupported)
        #expect(error.message.contains("stride of at least width × 4 bytes"))
    }
}
