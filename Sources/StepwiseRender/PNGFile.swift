#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import CPangoCairo

/// Writing and reading PNGs with cairo.
enum PNGFile {
    /// Writes to `path.tmp-<pid>` and renames over `path`: rename is atomic within one file system.
    static func write(_ surface: OpaquePointer, to path: String) throws(RenderError) {
        let temporary = "\(path).tmp-\(getpid())"
        let status = cairo_surface_write_to_png(surface, temporary)
        guard status == CAIRO_STATUS_SUCCESS else {
            unlink(temporary)
            throw .writeFailed(path: path, reason: String(cString: cairo_status_to_string(status)))
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .writeFailed(path: path, reason: reason)
        }
    }

    /// Creates `directory` (one level) if it does not exist yet.
    static func ensureDirectory(_ directory: String) throws(RenderError) {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw .writeFailed(path: directory, reason: String(cString: strerror(errno)))
        }
    }
}

/// What a PNG on disk holds, as cairo reads it back (used by tests and checks of generated pictures).
struct PNGInfo: Equatable {
    var width: Int
    var height: Int
    /// Pixels that are not fully transparent and not pure black: something was drawn there.
    var inkedPixels: Int

    /// Reads `path` with cairo; nil if it is not a PNG cairo can decode.
    init?(path: String) {
        let surface = cairo_image_surface_create_from_png(path)!
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return nil }
        cairo_surface_flush(surface)
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        var inked = 0
        for y in 0..<height {
            for x in 0..<width {
                let p = data + y * stride + x * 4
                if p[0] != 0 || p[1] != 0 || p[2] != 0 { inked += 1 }
            }
        }
        inkedPixels = inked
    }
}
