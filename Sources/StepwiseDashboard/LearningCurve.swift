import Foundation

/// The learning curve as an SVG drawn on the server: cycle time against cycle number, with a
/// dashed comparison line. No script, no font files: the browser's own sans-serif.
enum LearningCurve {
    static let width = 900.0, height = 380.0
    static let left = 90.0, right = 30.0, top = 70.0, bottom = 60.0

    /// `points` are (cycle number, seconds); `reference` is the dashed line's value, if any.
    static func svg(points: [(Int, Double)], reference: Double?, label: String) -> String {
        guard let maxX = points.map(\.0).max(), let minX = points.map(\.0).min() else {
            return "<p>No finished cycles yet.</p>"
        }
        let maxY = niceCeiling(max(points.map(\.1).max() ?? 1, reference ?? 0) * 1.1)
        let spanX = Double(max(1, maxX - minX))
        func x(_ n: Int) -> Double { left + (Double(n - minX) / spanX) * (width - left - right) }
        func y(_ s: Double) -> Double { top + (1 - s / maxY) * (height - top - bottom) }
        var parts = [String]()
        for tick in stride(from: 0.0, through: maxY, by: maxY / 4) {
            parts.append(line(left, y(tick), width - right, y(tick), "#d0d0d0", 1))
            parts.append(text(left - 12, y(tick) + 8, "\(Int(tick)) s", anchor: "end"))
        }
        for n in ticks(minX, maxX) { parts.append(text(x(n), height - bottom + 32, "\(n)", anchor: "middle")) }
        parts.append(text((left + width - right) / 2, height - 6, "cycle number", anchor: "middle"))
        if let reference {
            parts.append(line(left, y(reference), width - right, y(reference), "#1565c0", 3, dash: true))
            // The legend sits above the plot, so it never covers the curve.
            parts.append(line(width - right - 300, 34, width - right - 240, 34, "#1565c0", 3, dash: true))
            parts.append(
                text(
                    width - right - 230, 42, "\(label): \(Int(reference.rounded())) s", anchor: "start",
                    color: "#1565c0"))
        }
        let path = points.map { "\(f(x($0.0))),\(f(y($0.1)))" }.joined(separator: " ")
        parts.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"#222\" stroke-width=\"4\"/>")
        parts += points.map { "<circle cx=\"\(f(x($0.0)))\" cy=\"\(f(y($0.1)))\" r=\"8\" fill=\"#222\"/>" }
        return """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
            aria-label="Cycle time against cycle number" xmlns="http://www.w3.org/2000/svg">\
            \(parts.joined())</svg>
            """
    }

    /// A round axis maximum (10, 20, 50, 100 … s).
    static func niceCeiling(_ value: Double) -> Double {
        let magnitude = pow(10, floor(log10(max(value, 1))))
        for step in [1.0, 2.0, 4.0, 5.0, 10.0] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    private static func ticks(_ lo: Int, _ hi: Int) -> [Int] {
        let step = max(1, (hi - lo) / 8)
        return Array(stride(from: lo, through: hi, by: step))
    }

    private static func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ color: String, _ width: Double, dash: Bool = false
    ) -> String {
        "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(color)\" "
            + "stroke-width=\"\(f(width))\"\(dash ? " stroke-dasharray=\"14 10\"" : "")/>"
    }

    private static func text(_ x: Double, _ y: Double, _ s: String, anchor: String, color: String = "#222") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-size=\"24\" fill=\"\(color)\" "
            + "font-family=\"sans-serif\">\(HTML.escape(s))</text>"
    }

    private static func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
