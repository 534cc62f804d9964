/// A rectangle of whole projector pixels: the unit of damage between renderer and framebuffer.
public struct PixelRect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public var area: Int { isEmpty ? 0 : width * height }

    public func union(_ other: PixelRect) -> PixelRect {
        if isEmpty { return other }
        if other.isEmpty { return self }
        let minX = min(x, other.x), minY = min(y, other.y)
        return PixelRect(x: minX, y: minY, width: max(maxX, other.maxX) - minX, height: max(maxY, other.maxY) - minY)
    }

    public func intersection(_ other: PixelRect) -> PixelRect {
        let minX = max(x, other.x), minY = max(y, other.y)
        let w = min(maxX, other.maxX) - minX, h = min(maxY, other.maxY) - minY
        return w > 0 && h > 0
            ? PixelRect(x: minX, y: minY, width: w, height: h) : PixelRect(x: 0, y: 0, width: 0, height: 0)
    }

    public func intersects(_ other: PixelRect) -> Bool { !intersection(other).isEmpty }

    /// The rectangle of pixels touched by `rect` (in pixel units), grown by `margin` and clipped to `bounds`.
    public static func covering(_ rect: Rect, margin: Double = 0, clippedTo bounds: PixelRect) -> PixelRect {
        let x0 = Int((rect.x - margin).rounded(.down)), y0 = Int((rect.y - margin).rounded(.down))
        let x1 = Int((rect.maxX + margin).rounded(.up)), y1 = Int((rect.maxY + margin).rounded(.up))
        return PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0).intersection(bounds)
    }
}
