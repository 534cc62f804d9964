import CPangoCairo

/// Shaped pango layouts, kept while their text is on screen: shaping and wrapping cost more than
/// drawing, and a damaged region often redraws text that did not change.
final class TextLayouts {
    private struct Key: Hashable {
        var text: String, language: String, width: Int, pixelSize: Int
    }
    private var layouts: [Key: OpaquePointer] = [:]
    private var usedThisFrame: Set<Key> = []
    private var usedLastFrame: Set<Key> = []

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
        let key = Key(text: text, language: language, width: Int(width), pixelSize: Int(pixelSize.rounded(.up)))
        usedThisFrame.insert(key)
        if let cached = layouts[key] {
            pango_cairo_update_layout(cr, cached)
            return cached
        }
        let layout = pango_cairo_create_layout(cr)!
        let font = pango_font_description_from_string(Self.font)
        pango_font_description_set_absolute_size(font, Double(key.pixelSize) * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, font)
        pango_font_description_free(font)
        pango_layout_set_width(layout, Int32(key.width) * Int32(PANGO_SCALE))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_auto_dir(layout, 1)
        if !language.isEmpty {
            let attributes = pango_attr_list_new()
            pango_attr_list_insert(attributes, pango_attr_language_new(pango_language_from_string(language)))
            pango_layout_set_attributes(layout, attributes)
            pango_attr_list_unref(attributes)
        }
        pango_layout_set_text(layout, text, -1)
        layouts[key] = layout
        return layout
    }

    /// Drops layouts unused for two frames; two, because an unchanged text is often not redrawn at all.
    func trim() {
        if usedThisFrame.isEmpty && layouts.count < 64 { return }
        let keep = usedThisFrame.union(usedLastFrame)
        for (key, layout) in layouts where !keep.contains(key) {
            g_object_unref(UnsafeMutableRawPointer(layout))
            layouts[key] = nil
        }
        usedLastFrame = usedThisFrame
        usedThisFrame = []
    }

    func release() {
        for layout in layouts.values { g_object_unref(UnsafeMutableRawPointer(layout)) }
        layouts = [:]
    }
}
