import StepwiseCore
import Testing
@testable import StepwiseDevices

@Suite struct FramebufferDeviceTests {
    private func device(_ path: String) -> FramebufferConfig {
        var projector = fileProjector(path, format: .xrgb8888)
        projector.target = .device(path: path)
        return projector
    }

    @Test func aMissingDeviceSaysWhatIsExpected() {
        let result = Framebuffer.open(device("/dev/fb-does-not-exist"), relativeTo: "/ignored")
        guard case .failure(let error) = result else {
            Issue.record("opened a device that does not exist")
            return
        }
        #expect(error.kind == .notFound)
        #expect(
            error.description == "/dev/fb-does-not-exist: no such device; expected a framebuffer "
                + "(is the projector connected? vfb/fbdev driver loaded?)")
    }

    @Test func aDeviceThatIsNoFramebufferIsRefused() {
        let result = Framebuffer.open(device("/dev/null"), relativeTo: nil)
        guard case .failure(let error) = result else {
            Issue.record("/dev/null accepted as framebuffer")
            return
        }
        #expect(error.kind == .unsupported)
        #expect(error.message.contains("not a framebuffer"))
    }

    @Test func pixelFormatsAreRecognisedFromTheirBitfields() {
        let c = ChannelLayout.init(offset:length:)
        #expect(
            PixelFormat.detect(bitsPerPixel: 32, red: c(16, 8), green: c(8, 8), blue: c(0, 8), alpha: c(0, 0))
                == .success(.xrgb8888))
        #expect(
            PixelFormat.detect(bitsPerPixel: 32, red: c(16, 8), green: c(8, 8), blue: c(0, 8), alpha: c(24, 8))
                == .success(.argb8888))
        #expect(
            PixelFormat.detect(bitsPerPixel: 16, red: c(11, 5), green: c(5, 6), blue: c(0, 5), alpha: c(0, 0))
                == .success(.rgb565))
    }

    @Test func anUnsupportedLayoutSaysWhatWasFound() {
        let c = ChannelLayout.init(offset:length:)
        let bgr = PixelFormat.detect(bitsPerPixel: 32, red: c(0, 8), green: c(8, 8), blue: c(16, 8), alpha: c(0, 0))
        guard case .failure(let unsupported) = bgr else {
            Issue.record("BGR accepted as XRGB")
            return
        }
        #expect(unsupported.message.hasPrefix("found 32 bpp with red 8@0, green 8@8, blue 8@16; expected"))
        let eight = PixelFormat.detect(bitsPerPixel: 8, red: c(0, 8), green: c(0, 8), blue: c(0, 8), alpha: c(0, 0))
        #expect(throws: UnsupportedPixelFormat.self) { try eight.get() }
    }
}
