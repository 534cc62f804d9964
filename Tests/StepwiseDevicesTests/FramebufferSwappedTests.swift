import CLinuxShims
import StepwiseCore
import Testing
@testable import StepwiseDevices

/// XBGR8888 (red in the low byte), the 32-bpp layout vfb reports: found by the HIL rig, where
/// `stepwised` refused the kernel's real /dev/fb0 as an unsupported pixel format.
@Suite struct FramebufferSwappedTests {
    private func variable(bpp: UInt32, red: UInt32, green: UInt32, blue: UInt32) -> fb_var_screeninfo {
        var info = fb_var_screeninfo()
        info.bits_per_pixel = bpp
        info.red = fb_bitfield(offset: red, length: 8, msb_right: 0)
        info.green = fb_bitfield(offset: green, length: 8, msb_right: 0)
        info.blue = fb_bitfield(offset: blue, length: 8, msb_right: 0)
        return info
    }

    @Test func vfbsLayoutIsRecognisedAsSwapped() {
        #expect(Framebuffer.isRedBlueSwapped32(variable(bpp: 32, red: 0, green: 8, blue: 16)))
        #expect(!Framebuffer.isRedBlueSwapped32(variable(bpp: 32, red: 16, green: 8, blue: 0)))
        #expect(!Framebuffer.isRedBlueSwapped32(variable(bpp: 24, red: 0, green: 8, blue: 16)))
    }

    @Test func swappedCopyExchangesRedAndBlueAndIsOpaque() {
        let source: [UInt32] = [0x80_11_22_33, 0x00_ff_00_01]
        var target = [UInt32](repeating: 0, count: 2)
        source.withUnsafeBytes { from in
            target.withUnsafeMutableBytes { to in
                PixelTransfer.copy(
                    PixelRect(x: 0, y: 0, width: 2, height: 1), from: from.baseAddress!, sourceBytesPerRow: 8,
                    to: to.baseAddress!, destinationBytesPerRow: 8, format: .xrgb8888, swapRedAndBlue: true)
            }
        }
        #expect(target == [0xff_33_22_11, 0xff_01_00_ff])
    }
}
