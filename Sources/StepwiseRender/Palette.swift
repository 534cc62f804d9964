import CPangoCairo

/// A colour with straight (non-premultiplied) components in 0…1.
struct Colour: Hashable, Sendable {
    var red: Double, green: Double, blue: Double, alpha: Double = 1

    init(_ red: Int, _ green: Int, _ blue: Int, alpha: Double = 1) {
        self.red = Double(red) / 255
        self.green = Double(green) / 255
        self.blue = Double(blue) / 255
        self.alpha = alpha
    }

    func apply(to cr: OpaquePointer) { cairo_set_source_rgba(cr, red, green, blue, alpha) }
}

/// The one place the projected colours are chosen.
///
/// Okabe-Ito: distinguishable with every common colour-vision deficiency. Colour is never the only
/// signal — each role also has its own line style and marker shape. Black is "no light" on a projector,
/// so the background stays black and everything drawn is bright on it.
enum Palette {
    static let black = Colour(0, 0, 0)
    static let white = Colour(255, 255, 255)
    /// Calm grey for things that are present but not asking for anything (placeholders, to-do dots).
    static let grey = Colour(170, 170, 170)
    static let orange = Colour(230, 159, 0)
    static let skyBlue = Colour(86, 180, 233)
    static let bluishGreen = Colour(0, 158, 115)
    static let yellow = Colour(240, 228, 66)
    static let blue = Colour(0, 114, 178)
    static let vermillion = Colour(213, 94, 0)
    static let reddishPurple = Colour(204, 121, 167)
}
