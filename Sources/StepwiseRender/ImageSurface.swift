import CPangoCairo

/// One ARGB32 cairo image surface with its drawing context: what the station's frames and the
/// calibration pattern are drawn into before they are presented.
///
/// Not Sendable: cairo surfaces and contexts belong to one thread.
final class ImageSurface {
    let width: Int
    let height: Int
    let surface: OpaquePointer
    let cr: OpaquePointer

    /// `resident`: keep the pixels in RAM (`ResidentMemory`), so an idle station's frame is never
    /// swapped out before the next event.
    init(width: Int, height: Int, resident: Bool = false) throws(RenderError) {
        guard (1...16384).contains(width), (1...16384).contains(height) else {
            throw .invalidSize(width: width, height: height)
        }
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw .surface(reason: String(cString: cairo_status_to_string(status)))
        }
        self.width = width
        self.height = height
        self.surface = surface
        cr = cairo_create(surface)
        if resident { ResidentMemory.keep(cairo_image_surface_get_data(surface), bytes: bytesPerRow * height) }
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// Bytes from one pixel row to the next in `withPixels`.
    var bytesPerRow: Int { Int(cairo_image_surface_get_stride(surface)) }

    /// cairo's ARGB32 pixels, premultiplied, `bytesPerRow` apart; on little-endian machines each pixel is
    /// B,G,R,A in memory — the xrgb8888 framebuffer layout.
    func withPixels<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        cairo_surface_flush(surface)
        let base = UnsafeRawPointer(cairo_image_surface_get_data(surface)!)
        return try body(UnsafeRawBufferPointer(start: base, count: bytesPerRow * height))
    }

    /// Writes the pixels as a PNG through a temporary file and a rename, so a viewer never reads half a file.
    func writePNG(to path: String) throws(RenderError) {
        cairo_surface_flush(surface)
        try PNGFile.write(surface, to: path)
    }
}
