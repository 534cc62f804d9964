import StepwiseCore
import Yams

extension NodeReader {
    /// `[x, y]` in bench millimetres.
    func point(_ node: Node, _ what: String, in range: ClosedRange<Double> = Limits.benchMM) -> (x: Double, y: Double)?
    {
        guard let items = list(node, what), items.count == 2 else {
            if case .sequence = node { report(node.mark, "\(what) must have two numbers", expected: "[x, y]") }
            return nil
        }
        guard let x = number(items[0], "\(what) x", in: range), let y = number(items[1], "\(what) y", in: range) else {
            return nil
        }
        return (x, y)
    }

    /// `[[x, y], [x, y], …]`: at least three corners.
    func polygon(_ node: Node, _ what: String) -> PolygonMM? {
        guard let items = list(node, what, limit: Limits.polygonPoints.upperBound) else { return nil }
        guard items.count >= Limits.polygonPoints.lowerBound else {
            report(node.mark, "\(what) has \(items.count) points", expected: "at least 3 points [x, y]")
            return nil
        }
        let points = items.compactMap { point($0, "\(what) point") }.map { PointMM(x: $0.x, y: $0.y) }
        guard points.count == items.count else { return nil }
        let bounds = PolygonMM(points).bounds
        guard bounds.width > 0, bounds.height > 0 else {
            report(node.mark, "\(what) has no area", expected: "corners that enclose an area")
            return nil
        }
        return PolygonMM(points)
    }

    /// `{x, y, width, height}` in millimetres, with a positive size.
    func rect(_ node: Node, _ what: String) -> Rect? {
        guard let fields = fields(node, FormatKeys.rect) else { return nil }
        func value(_ key: String, positive: Bool) -> Double? {
            guard let node = fields[key] else { return nil }
            return positive
                ? number(node, "\(what) \(key)", in: 0...Limits.benchMM.upperBound, aboveLower: true)
                : number(node, "\(what) \(key)", in: Limits.benchMM)
        }
        guard let x = value("x", positive: false), let y = value("y", positive: false),
            let width = value("width", positive: true), let height = value("height", positive: true)
        else { return nil }
        return Rect(x: x, y: y, width: width, height: height)
    }

    /// A list of identifiers, each once, with their nodes kept for later cross-reference errors.
    func identifiers(_ node: Node, _ what: String, limit: Int = 1000) -> [(id: String, node: Node)]? {
        guard let items = list(node, "\(what) list", limit: limit) else { return nil }
        var seen = Set<String>(), result: [(id: String, node: Node)] = []
        for item in items {
            guard let id = identifier(item, what) else { continue }
            if !seen.insert(id).inserted {
                report(item.mark, "\(what) '\(id)' is listed twice", expected: "each \(what) once")
                continue
            }
            result.append((id, item))
        }
        return result
    }
}
