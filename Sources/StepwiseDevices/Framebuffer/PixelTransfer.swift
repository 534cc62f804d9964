import Glibc
import StepwiseCore

/// Copies rectangles of a cairo ARGB32 image into framebuffer memory of any supported format.
/// Cairo's ARGB32 is a native-endian 32-bit word per pixel (B,G,R,A bytes on little-endian),
/// premultiplied: on the projector's black, the premultiplied colour is exactly what shows.
enum PixelTransfer {
    /// Copies `rect` (already clipped to both images) from `source` to `destination`.
    static func copy(
        _ rect: PixelRect, from source: UnsafeRawPointer, sourceBytesPerRow: Int,
        to destination: UnsafeMutableRawPointer, destinationBytesPerRow: Int, format: PixelFormat,
        swapRedAndBlue: Bool = false
    ) {
        for row in rect.y..<rect.maxY {
            let from = source + row * sourceBytesPerRow + rect.x * 4
            let to = destination + row * destinationBytesPerRow + rect.x * format.bytesPerPixel
            switch format {
            case .xrgb8888 where swapRedAndBlue, .argb8888 where swapRedAndBlue:
                copySwapped(from, to, count: rect.width)
            case .xrgb8888: memcpy(to, from, rect.width * 4)
            case .argb8888: copyOpaque(from, to, count: rect.width)
            case .rgb565: pack565(from, to, count: rect.width)
            }
        }
    }

    /// ARGB8888 with alpha forced to 0xff: the scene is opaque, whatever cairo left in alpha.
    private static func copyOpaque(_ from: UnsafeRawPointer, _ to: UnsafeMutableRawPointer, count: Int) {
        for i in 0..<count {
            let pixel = from.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
            to.storeBytes(of: pixel | 0xff00_0000, toByteOffset: i * 4, as: UInt32.self)
        }
    }

    /// XBGR8888 (red in the low byte): red and blue change places, alpha forced to 0xff.
    private static func copySwapped(_ from: UnsafeRawPointer, _ to: UnsafeMutableRawPointer, count: Int) {
        let source = from.bindMemory(to: UInt32.self, capacity: count)
        let target = to.bindMemory(to: UInt32.self, capacity: count)
        for i in 0..<count { target[i] = swappedRedAndBlue(source[i]) }
    }

    /// One ARGB32 word with red and blue exchanged and alpha opaque.
    @inline(__always)
    static func swappedRedAndBlue(_ pixel: UInt32) -> UInt32 {
        0xff00_0000 | (pixel & 0x0000_ff00) | (pixel >> 16 & 0xff) | (pixel & 0xff) << 16
    }

    /// RGB565 by truncation (the top 5/6/5 bits of each channel).
    private static func pack565(_ from: UnsafeRawPointer, _ to: UnsafeMutableRawPointer, count: Int) {
        for i in 0..<count {
            let pixel = from.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
            to.storeBytes(of: rgb565(pixel), toByteOffset: i * 2, as: UInt16.self)
        }
    }

    /// One ARGB32 word as RGB565.
    @inline(__always)
    static func rgb565(_ pixel: UInt32) -> UInt16 {
        let r = (pixel >> 19) & 0x1f, g = (pixel >> 10) & 0x3f, b = (pixel >> 3) & 0x1f
        return UInt16(truncatingIfNeeded: (r << 11) | (g << 5) | b)
    }
}
