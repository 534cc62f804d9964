import CPangoCairo
import StepwiseCore

extension ScenePainter {
    /// Pixels around a text's ink that antialiasing and a fractional frame origin may still touch.
    static let inkMargin = 2.0

    /// The pixels `content` really lights inside `bounds` (its frame's bounds): a text's ink, a
    /// picture's fitted rectangle; anything else its whole `bounds`. A short sentence in a wide
    /// panel, or a square picture in a wide frame, lights a fraction of the frame, and damage
    /// computed from the frame made every step transition clear, redraw and copy the rest as well.
    /// Drawing is clipped to what this returns, so it must hold every pixel the item draws.
    func drawnBounds(of content: SceneItem.Content, within bounds: PixelRect) -> PixelRect {
        switch content {
        case .text(let text, let language, let frame, let heightMM):
            let (box, size) = textBox(frame: frame, heightMM: heightMM)
            let ink = texts.ink(text, language: language, width: box.width, pixelSize: size, for: cr)
            guard ink.width > 0, ink.height > 0 else { return PixelRect(x: bounds.x, y: bounds.y, width: 0, height: 0) }
            let lit = Rect(
                x: box.x + Double(ink.x), y: box.y + Double(ink.y), width: Double(ink.width), height: Double(ink.height)
            )
            return PixelRect.covering(lit, margin: Self.inkMargin, clippedTo: bounds)
        case .picture(let path, let frame):
            // A missing picture draws its placeholder over the frame.
            guard let fitted = pictures.fitted(path, into: placement.box(frame)) else { return bounds }
            return PixelRect.covering(fitted, clippedTo: bounds)
        case .zone, .contour, .progress, .cue:
            return bounds
        }
    }
}
