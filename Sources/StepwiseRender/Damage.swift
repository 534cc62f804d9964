import StepwiseCore

/// An item with the pixels it covers in the frame it was drawn in.
struct PlacedItem {
    var item: SceneItem
    var bounds: PixelRect
    /// The parts of `bounds` the item can light, when that is much less than `bounds` (a zone's
    /// outline); nil: all of it. What damage is made of; drawing still clips to `bounds`.
    var lit: [PixelRect]? = nil

    /// The rectangles that change when this item comes, goes or changes.
    var damage: [PixelRect] { lit ?? [bounds] }
}

/// Which pixels differ between two scenes, decided by item key and content alone.
enum Damage {
    /// Old and new bounds of every added, removed, changed or re-stacked item, merged where they overlap.
    static func between(_ old: [PlacedItem], _ new: [PlacedItem]) -> [PixelRect] {
        let before = Dictionary(old.map { ($0.item.key, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.map { ($0.item.key, $0) }, uniquingKeysWith: { first, _ in first })
        var rects: [PixelRect] = []
        for placed in new {
            guard let previous = before[placed.item.key] else {
                rects += placed.damage
                continue
            }
            // Old and new bounds separately: a moved item damages two small places, not the span between.
            if previous.item != placed.item { rects += previous.damage + placed.damage }
        }
        for placed in old where after[placed.item.key] == nil { rects += placed.damage }
        rects += restacked(old, new)
        return covering(rects)
    }

    /// Unchanged items whose drawing order changed: where they overlap others, the result differs.
    private static func restacked(_ old: [PlacedItem], _ new: [PlacedItem]) -> [PixelRect] {
        let newKeys = Set(new.map(\.item.key)), oldKeys = Set(old.map(\.item.key))
        let oldOrder = old.filter { newKeys.contains($0.item.key) }
        let newOrder = new.filter { oldKeys.contains($0.item.key) }
        guard oldOrder.map(\.item.key) != newOrder.map(\.item.key) else { return [] }
        return zip(oldOrder, newOrder).filter { $0.item.key != $1.item.key }.flatMap { [$0.bounds, $1.bounds] }
    }

    /// Rectangles over the pixels of `rects`, none overlapping, so no pixel is redrawn twice. Two
    /// that overlap become their union only when it adds at most a tenth to the pixels they cover;
    /// otherwise the one is cut into the pieces outside the other. (Unions alone made a zone's thin
    /// outline bands and the panel text beside them one box over the whole empty zone.)
    static func covering(_ rects: [PixelRect]) -> [PixelRect] {
        var result: [PixelRect] = []
        var pending = rects.filter { !$0.isEmpty }
        while let rect = pending.popLast() {
            guard let index = result.firstIndex(where: { $0.intersects(rect) }) else {
                result.append(rect)
                continue
            }
            let kept = result[index]
            let union = kept.union(rect)
            let exact = kept.area + rect.area - kept.intersection(rect).area
            if union.area * 10 <= exact * 11 {
                result.remove(at: index)
                pending.append(union)
            } else {
                pending += outside(kept, rect)
            }
        }
        return result
    }

    /// The parts of `rect` outside `cut`: up to four bands (above, below, left, right).
    static func outside(_ cut: PixelRect, _ rect: PixelRect) -> [PixelRect] {
        let i = rect.intersection(cut)
        guard !i.isEmpty else { return [rect] }
        return [
            PixelRect(x: rect.x, y: rect.y, width: rect.width, height: i.y - rect.y),
            PixelRect(x: rect.x, y: i.maxY, width: rect.width, height: rect.maxY - i.maxY),
            PixelRect(x: rect.x, y: i.y, width: i.x - rect.x, height: i.height),
            PixelRect(x: i.maxX, y: i.y, width: rect.maxX - i.maxX, height: i.height),
        ].filter { !$0.isEmpty }
    }

    /// Merges overlapping rectangles into their unions until none overlap.
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
