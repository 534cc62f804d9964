import StepwiseCore

/// An item with the pixels it covers in the frame it was drawn in.
struct PlacedItem {
    var item: SceneItem
    var bounds: PixelRect
}

/// Which pixels differ between two scenes, decided by item key and content alone.
enum Damage {
    /// Old and new bounds of every added, removed, changed or re-stacked item, merged where they overlap.
    static func between(_ old: [PlacedItem], _ new: [PlacedItem]) -> [PixelRect] {
        let before = Dictionary(old.map { ($0.item.key, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.map { ($0.item.key, $0) }, uniquingKeysWith: { first, _ in first })
        var rects: [PixelRect] = []
        for placed in new {
            guard let previous = before[placed.item.key] else { rects.append(placed.bounds); continue }
            // Old and new bounds separately: a moved item damages two small places, not the span between.
            if previous.item != placed.item { rects += [previous.bounds, placed.bounds] }
        }
        for placed in old where after[placed.item.key] == nil { rects.append(placed.bounds) }
        rects += restacked(old, new)
        return merged(rects.filter { !$0.isEmpty })
    }

    /// Unchanged items whose drawing order changed: where they overlap others, the result differs.
    private static func restacked(_ old: [PlacedItem], _ new: [PlacedItem]) -> [PixelRect] {
        let newKeys = Set(new.map(\.item.key)), oldKeys = Set(old.map(\.item.key))
        let oldOrder = old.filter { newKeys.contains($0.item.key) }
        let newOrder = new.filter { oldKeys.contains($0.item.key) }
        guard oldOrder.map(\.item.key) != newOrder.map(\.item.key) else { return [] }
        return zip(oldOrder, newOrder).filter { $0.item.key != $1.item.key }.flatMap { [$0.bounds, $1.bounds] }
    }

    /// Merges overlapping rectangles until none overlap, so no pixel is redrawn twice.
    static func merged(_ rects: [PixelRect]) -> [PixelRect] {
        var result = rects
        var changed = true
        while changed {
            changed = false
            outer: for i in result.indices {
                for j in result.indices where j > i && result[i].intersects(result[j]) {
                    result[i] = result[i].union(result[j])
                    result.remove(at: j)
                    changed = true
                    break outer
                }
            }
        }
        return result
    }
}
