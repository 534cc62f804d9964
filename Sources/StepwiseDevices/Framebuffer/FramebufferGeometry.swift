import StepwiseCore

/// The memory layout of a framebuffer as Stepwise drives it.
public struct FramebufferGeometry: Hashable, Sendable {
    /// Visible pixels.
    public var width: Int
    public var height: Int
    /// Bytes from one row to the next (fbdev `line_length`); may exceed `width × bytesPerPixel`.
    public var bytesPerRow: Int
    public var format: PixelFormat
    /// Rows of memory (fbdev `yres_virtual`); two screens or more allow double buffering.
    public var virtualHeight: Int
    /// True when presents go to a hidden page that is then panned onto the screen.
    public var canPan: Bool
    /// True for a 32-bpp device that keeps red in the low byte (XBGR8888: red 8@0, blue 8@16), as
    /// vfb and some SoC display controllers do; `format` is then `.xrgb8888` with red and blue swapped.
    public var swapsRedAndBlue: Bool

    public init(
        width: Int, height: Int, bytesPerRow: Int, format: PixelFormat, virtualHeight: Int, canPan: Bool,
        swapsRedAndBlue: Bool = false
    ) {
        self.width = width
        self.height = height
        self.bytesPerRow = bytesPerRow
        self.format = format
        self.virtualHeight = virtualHeight
        self.canPan = canPan
        self.swapsRedAndBlue = swapsRedAndBlue
    }

    /// All visible pixels.
    public var bounds: PixelRect { PixelRect(x: 0, y: 0, width: width, height: height) }
    /// Bytes of one screen page.
    public var pageBytes: Int { bytesPerRow * height }
}

/// Where one colour channel sits in a pixel (fbdev `fb_bitfield`).
public struct ChannelLayout: Hashable, Sendable {
    public var offset: Int
    public var length: Int
    public init(offset: Int, length: Int) {
        self.offset = offset
        self.length = length
    }
}

/// A pixel layout Stepwise cannot drive, with what was found and what is expected.
public struct UnsupportedPixelFormat: Error, Hashable, Sendable {
    public var message: String
}

extension PixelFormat {
    /// The format fbdev describes with these bit depths and channel positions, or a sentence
    /// saying what was found when Stepwise cannot drive it.
    public static func detect(
        bitsPerPixel: Int, red: ChannelLayout, green: ChannelLayout, blue: ChannelLayout, alpha: ChannelLayout
    ) -> Result<PixelFormat, UnsupportedPixelFormat> {
        let rgb = (red.offset, red.length, green.offset, green.length, blue.offset, blue.length)
        switch bitsPerPixel {
        case 32 where rgb == (16, 8, 8, 8, 0, 8):
            return .success(alpha.length == 8 && alpha.offset == 24 ? .argb8888 : .xrgb8888)
        case 16 where rgb == (11, 5, 5, 6, 0, 5):
            return .success(.rgb565)
        default:
            return .failure(
                UnsupportedPixelFormat(
                    message:
                        "found \(bitsPerPixel) bpp with red \(red.length)@\(red.offset), green \(green.length)@\(green.offset), "
                        + "blue \(blue.length)@\(blue.offset); expected 32 bpp XRGB8888/ARGB8888 (red 8@16, green 8@8, "
                        + "blue 8@0) or 16 bpp RGB565 (red 5@11, green 6@5, blue 5@0)"))
        }
    }
}
