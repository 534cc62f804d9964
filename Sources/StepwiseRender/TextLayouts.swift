import CPangoCairo

/// Shaped pango layouts, kept across frames: shaping and wrapping cost more than drawing, and a
/// worker's cycle brings the same step texts back again and again. Kept least-recently-used up
/// to `capacity` (a shipped set has a few dozen texts), not only while on screen: a text that
/// is shown but not damaged is not redrawn, so "used this frame" says nothing about whether it
/// will be needed again.
final class TextLayouts {
    private struct Key: Hashable {
        var text: String, language: String, width: Int, pixelSize: Int
    }
    private var layouts: [Key: (layout: OpaquePointer, ink: PangoRectangle, used: UInt64)] = [:]
    private var clock: UInt64 = 0
    let capacity: Int
    /// Layouts shaped so far (for tests: a text seen before is not shaped again).
    private(set) var shaped = 0

    init(capacity: Int = 256) { self.capacity = max(1, capacity) }

    /// Font family and weight of all projected text: wide language coverage, bold for distance reading.
    static let font = "Noto Sans Bold"
    /// Cap height of Noto Sans as a fraction of the em: a text "height" on the bench is the height of a capital.
    static let capHeight = 0.714

    /// The font's pixel size (em) that gives capitals `heightMM` high on the bench (layouts round it up,
    /// so text is never below the height asked for).
    static func pixelSize(heightMM: Double, pxPerMM: Double) -> Double { heightMM * pxPerMM / capHeight }

    /// A layout wrapped to `width` pixels; right-to-left scripts get their direction from the text itself.
    func layout(_ text: String, language: String, width: Double, pixelSize: Double, for cr: OpaquePointer)
        -> OpaquePointer
    {
        let key = Self.key(text, language, width, pixelSize)
        clock &+= 1
        if let cached = layouts[key] {
            layouts[key]?.used = clock
            // Re-shapes only if the context's font options or matrix changed (pango compares them).
            pango_cairo_update_layout(cr, cached.layout)
            return cached.layout
        }
        let layout = Self.make(key, for: cr)
        shaped += 1
        var ink = PangoRectangle()
        pango_layout_get_pixel_extents(layout, &ink, nil)
        layouts[key] = (layout, ink, clock)
        return layout
    }

    /// The pixels the layout's glyphs cover, relative to its origin (kept from shaping: asking
    /// pango again every frame would cost as much as a lookup of the layout).
    func ink(_ text: String, language: String, width: Double, pixelSize: Double, for cr: OpaquePointer)
        -> PangoRectangle
    {
        let key = Self.key(text, language, width, pixelSize)
        clock &+= 1
        if let cached = layouts[key] {
            layouts[key]?.used = clock
            return cached.ink
        }
        _ = layout(text, language: language, width: width, pixelSize: pixelSize, for: cr)
        return layouts[key]?.ink ?? PangoRectangle()
    }

    /// Whether wrapping to `width` cut a word in two (a line that starts inside a word): pango then
    /// breaks anywhere, with a hyphen, and "opnieu-w" is hard to read for someone who reads poorly.
    func breaksWords(_ text: String, language: String, width: Double, pixelSize: Double, for cr: OpaquePointer) -> Bool
    {
        let layout = layout(text, language: language, width: width, pixelSize: pixelSize, for: cr)
        let bytes = Array(text.utf8)
        let lines = Int(pango_layout_get_line_count(layout))
        guard lines > 1 else { return false }
        for index in 1..<lines {
            guard let line = pango_layout_get_line_readonly(layout, Int32(index)) else { continue }
            let start = Int(line.pointee.start_index)
            guard start > 0, start <= bytes.count else { continue }
            // A break after a space, a newline or the text's own hyphen is between words.
            if ![UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "-")].contains(bytes[start - 1]) { return true }
        }
        return false
    }

    /// Layouts are kept per whole pixel of width and (rounded up) font size.
    private static func key(_ text: String, _ language: String, _ width: Double, _ pixelSize: Double) -> Key {
        Key(text: text, language: language, width: Int(width), pixelSize: Int(pixelSize.rounded(.up)))
    }

    private static func make(_ key: Key, for cr: OpaquePointer) -> OpaquePointer {
        let layout = pango_cairo_create_layout(cr)!
        let font = pango_font_description_from_string(Self.font)
        pango_font_description_set_absolute_size(font, Double(key.pixelSize) * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, font)
        pango_font_description_free(font)
        pango_layout_set_width(layout, Int32(key.width) * Int32(PANGO_SCALE))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_auto_dir(layout, 1)
        if !key.language.isEmpty {
            let attributes = pango_attr_list_new()
            pango_attr_list_insert(attributes, pango_attr_language_new(pango_language_from_string(key.language)))
            pango_layout_set_attributes(layout, attributes)
            pango_attr_list_unref(attributes)
        }
        pango_layout_set_text(layout, key.text, -1)
        // Shape now, while the text is new, rather than at its first draw.
        var extents = PangoRectangle()
        pango_layout_get_pixel_extents(layout, nil, &extents)
        return layout
    }

    /// Called after every frame: beyond `capacity`, the least recently used quarter is dropped
    /// (in one go, so trimming is rare and never per frame).
    func trim() {
        guard layouts.count > capacity else { return }
        let oldest = layouts.sorted { $0.value.used < $1.value.used }.prefix(layouts.count - capacity * 3 / 4)
        for (key, entry) in oldest {
            g_object_unref(UnsafeMutableRawPointer(entry.layout))
            layouts[key] = nil
        }
    }

    var count: Int { layouts.count }

    func release() {
        for entry in layouts.values { g_object_unref(UnsafeMutableRawPointer(entry.layout)) }
        layouts = [:]
    }
}
