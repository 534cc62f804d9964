import CPangoCairo
import StepwiseCore

/// Vector items rasterised once into a surface of their own, so a step transition paints cached
/// pixels instead of stroking and filling again: the progress dots (arcs, the costliest item of
/// a transition), the step text, cues, and outlines up to `largestArea` pixels (bins). Larger
/// zones are stroked, clipped to their damaged outline bands: rasters of them gave one pixel one
/// level off in high contrast in the pixel tests (cairo does not stroke them identically everywhere).
///
/// A raster holds the item drawn over transparent black; painted with OVER where nothing else is
/// under it (the damage is cleared to black first), it gives exactly the pixels drawing it gives:
/// black adds nothing to the colour and any alpha over opaque black ends opaque. Where another item
/// lies under it, the renderer draws it directly instead (compositing twice may round differently).
///
/// Not Sendable: cairo surfaces belong to the render thread.
final class ItemRasters {
    private struct Key: Hashable {
        var content: SceneItem.Content
        var bounds: PixelRect
    }
    private struct Entry {
        let surface: OpaquePointer
        let bytes: Int
        var used: UInt64
    }
    private var entries: [Key: Entry] = [:]
    private var clock: UInt64 = 0
    private(set) var bytes = 0
    /// Bytes kept at most; beyond, the least recently used rasters go.
    let budget: Int
    /// Outlines larger than this (pixels of their bounds) are drawn, never rasterised.
    let largestArea: Int
    /// Rasters made so far (for tests).
    private(set) var made = 0

    init(budget: Int = 48 << 20, largestArea: Int = 160_000) {
        self.budget = budget
        self.largestArea = largestArea
    }

    /// The raster of `placed`, made with `draw` (which draws the item on the context it is given)
    /// on first use; nil for items not worth one (pictures already are one; large outlines).
    func raster(for placed: PlacedItem, draw: (OpaquePointer) -> Void) -> OpaquePointer? {
        guard worthOne(placed), placed.bounds.area * 4 <= budget else { return nil }
        let key = Key(content: placed.item.content, bounds: placed.bounds)
        clock &+= 1
        if let entry = entries[key] {
            entries[key]?.used = clock
            return entry.surface
        }
        let b = placed.bounds
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(b.width), Int32(b.height))!
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            return nil
        }
        // Drawn in frame coordinates through a whole-pixel device offset: every edge and glyph lands
        // on the same sub-pixel position as on the frame, and the user matrix stays the frame's
        // (pango re-shapes a layout whose context matrix changed).
        cairo_surface_set_device_offset(surface, -Double(b.x), -Double(b.y))
        let cr = cairo_create(surface)!
        draw(cr)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        cairo_surface_set_device_offset(surface, 0, 0)
        let size = Int(cairo_image_surface_get_stride(surface)) * b.height
        entries[key] = Entry(surface: surface, bytes: size, used: clock)
        bytes += size
        made += 1
        trim()
        return surface
    }

    private func worthOne(_ placed: PlacedItem) -> Bool {
        guard !placed.bounds.isEmpty else { return false }
        switch placed.item.content {
        case .progress, .text, .cue: return true
        case .zone, .contour: return placed.bounds.area <= largestArea
        case .picture: return false
        }
    }

    /// Drops the least recently used rasters until the rest fit the budget.
    private func trim() {
        guard bytes > budget else { return }
        for (key, entry) in entries.sorted(by: { $0.value.used < $1.value.used }) where bytes > budget {
            cairo_surface_destroy(entry.surface)
            bytes -= entry.bytes
            entries[key] = nil
        }
    }

    /// Forgets every raster: they were drawn with other preferences or another calibration.
    func release() {
        for entry in entries.values { cairo_surface_destroy(entry.surface) }
        entries = [:]
        bytes = 0
    }

    var count: Int { entries.count }
}
