import CPangoCairo
import StepwiseCore

/// PNG pictures, read from disk once per path and scaled once per size.
final class PictureCache {
    /// Decoded files; nil records a file that could not be read, so a missing picture is not retried every frame.
    private var originals: [String: OpaquePointer?] = [:]
    private struct SizedKey: Hashable { var path: String, width: Int, height: Int }
    private var scaled: [SizedKey: OpaquePointer] = [:]
    /// How many times a file was read from disk (for tests: each path once).
    private(set) var loads = 0

    /// Draws the picture fitted into `box` (pixels, aspect kept, centred), or a calm placeholder frame.
    func draw(_ path: String, into box: Rect, on cr: OpaquePointer, placeholder: Colour = Palette.grey) {
        guard let original = original(path) else { return drawPlaceholder(in: box, on: cr, colour: placeholder) }
        guard let at = fitted(original, into: box) else { return }
        let picture = sized(SizedKey(path: path, width: Int(at.width), height: Int(at.height)), from: original)
        cairo_set_source_surface(cr, picture, at.x, at.y)
        cairo_paint(cr)
    }

    /// The whole pixels the picture covers when fitted into `box`; nil for a missing file (it
    /// draws a placeholder over the box instead) and for an empty fit.
    func fitted(_ path: String, into box: Rect) -> Rect? {
        original(path).flatMap { fitted($0, into: box) }
    }

    private func fitted(_ original: OpaquePointer, into box: Rect) -> Rect? {
        let w = Double(cairo_image_surface_get_width(original)), h = Double(cairo_image_surface_get_height(original))
        let fit = min(box.width / w, box.height / h)
        let width = Int(w * fit), height = Int(h * fit)
        guard width > 0, height > 0 else { return nil }
        let x = (box.x + (box.width - Double(width)) / 2).rounded(),
            y = (box.y + (box.height - Double(height)) / 2).rounded()
        return Rect(x: x, y: y, width: Double(width), height: Double(height))
    }

    private func original(_ path: String) -> OpaquePointer? {
        if let known = originals[path] { return known }
        loads += 1
        let surface = cairo_image_surface_create_from_png(path)!
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            originals[path] = .some(nil)
            return nil
        }
        originals[path] = surface
        return surface
    }

    /// The picture at exactly `key`'s size, so every later redraw is a plain copy.
    private func sized(_ key: SizedKey, from original: OpaquePointer) -> OpaquePointer {
        if let done = scaled[key] { return done }
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(key.width), Int32(key.height))!
        let cr = cairo_create(surface)!
        cairo_scale(
            cr, Double(key.width) / Double(cairo_image_surface_get_width(original)),
            Double(key.height) / Double(cairo_image_surface_get_height(original)))
        cairo_set_source_surface(cr, original, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        cairo_paint(cr)
        cairo_destroy(cr)
        scaled[key] = surface
        return surface
    }

    /// A calm (grey; white in high contrast) frame with a small landscape mark: "a picture belongs here", without alarm.
    private func drawPlaceholder(in box: Rect, on cr: OpaquePointer, colour: Colour) {
        let side = min(box.width, box.height) * 0.9
        guard side > 4 else { return }
        let x = box.x + (box.width - side) / 2, y = box.y + (box.height - side) / 2
        let line = max(2, side / 40)
        cairo_rectangle(cr, x + line, y + line, side - 2 * line, side - 2 * line)
        cairo_move_to(cr, x + side * 0.2, y + side * 0.75)
        cairo_line_to(cr, x + side * 0.45, y + side * 0.4)
        cairo_line_to(cr, x + side * 0.6, y + side * 0.6)
        cairo_line_to(cr, x + side * 0.7, y + side * 0.5)
        cairo_line_to(cr, x + side * 0.8, y + side * 0.75)
        cairo_close_path(cr)
        colour.apply(to: cr)
        cairo_set_line_width(cr, line)
        cairo_stroke(cr)
    }

    func release() {
        for case let surface? in originals.values { cairo_surface_destroy(surface) }
        for surface in scaled.values { cairo_surface_destroy(surface) }
        originals = [:]
        scaled = [:]
    }
}
