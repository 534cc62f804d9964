import Foundation
import StepwiseCore

/// What `stepwise calibrate` prints about a fit: the four points reprojected, the scale on the
/// panel and the smallest text in pixels, so the engineer sees what the calibration means.
public enum CalibrationReport {
    /// Capitals lower than this many pixels lose their shape on a projector.
    public static let legiblePX = 10.0

    /// The report's lines.
    public static func lines(_ fit: CalibrationFit, cell: Cell) -> [String] {
        var lines = ["point  bench mm        measured px      reprojected px     error"]
        for (index, r) in fit.reprojections.enumerated() {
            lines.append(
                "\(index + 1)      " + pad(pair(r.bench.x, r.bench.y), 16) + pad(pair(r.measured.x, r.measured.y), 17)
                    + pad(pair(r.projected.x, r.projected.y, decimals: 2), 19) + String(format: "%.3f px", r.errorPX))
        }
        lines.append(
            String(
                format: "panel: %.3f px/mm at its centre, %.3f px/mm at its smallest corner",
                fit.panelScale, fit.smallestPanelScale))
        lines.append(
            String(
                format: "minimum text: %@ mm = %.1f px capital height where the panel is smallest",
                number(cell.projector.minimumTextMM), fit.minimumTextPX))
        if fit.minimumTextPX < legiblePX {
            lines.append(
                String(
                    format: "warning: %.1f px capitals are hard to read; expected at least %.0f px "
                        + "(raise minimum-text-mm or bring the projector closer)", fit.minimumTextPX, legiblePX))
        }
        let outside = fit.zonesOutsideImage.map(\.rawValue)
        lines.append(
            outside.isEmpty
                ? "zones: all inside the image"
                : "warning: zones partly outside the image: \(outside.joined(separator: ", ")); expected every zone projected"
        )
        return lines
    }

    /// Whole numbers plain, others to two decimals.
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() && abs(rounded) < 1e9
            ? String(Int(rounded)) : String(format: "%.2f", rounded)
    }

    private static func pair(_ x: Double, _ y: Double, decimals: Int? = nil) -> String {
        guard let decimals else { return "(\(number(x)), \(number(y)))" }
        return String(format: "(%.\(decimals)f, %.\(decimals)f)", x, y)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
