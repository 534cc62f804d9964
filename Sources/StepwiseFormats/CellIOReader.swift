import StepwiseCore
import Yams

/// Zones, inputs, USB devices, outputs and roles of a cell.
extension CellReader {
    /// Registers an id in `table`, reporting a second use; returns false for a duplicate.
    private func claim(_ id: String, _ node: Node?, _ what: String, in table: inout [String: Node]) -> Bool {
        if let first = table[id] {
            reader.report(
                node?.mark, "duplicate \(what) id '\(id)' (first at line \(first.mark?.line ?? 0))",
                expected: "a unique id")
            return false
        }
        if let node { table[id] = node }
        return true
    }

    /// Reads each item of a list with `item`, enforcing `limit`.
    private func each<T>(_ node: Node, _ what: String, limit: Int, _ item: (Node) -> T?) -> [T]? {
        reader.list(node, what, limit: limit)?.compactMap(item)
    }

    func readZones(_ node: Node) -> [Zone]? {
        var ids: [String: Node] = [:]
        return each(node, "zones", limit: Limits.zones) { item in
            guard let fields = reader.fields(item, FormatKeys.zone), let idNode = fields["id"],
                let id = reader.identifier(idNode, "zone id"), claim(id, idNode, "zone", in: &ids),
                let kind = fields["kind"].flatMap({ reader.choice($0, "zone kind", as: Zone.Kind.self) })
            else { return nil }
            let title = fields["title"].flatMap { reader.localized($0, "zone title") }
            let shape: PolygonMM?
            switch (fields["rect"], fields["polygon"]) {
            case (let rect?, nil): shape = reader.rect(rect, "zone rect").map(PolygonMM.rectangle)
            case (nil, let polygon?): shape = reader.polygon(polygon, "zone polygon")
            default:
                reader.report(
                    fields.mark, "zone '\(id)' needs exactly one of rect or polygon",
                    expected: "rect: {x, y, width, height} or polygon: [[x, y], …]")
                shape = nil
            }
            let lamp = fields["lamp"].flatMap { known($0, "lamp output", in: outputIDs) }
            guard let shape else { return nil }
            return Zone(id: ZoneID(id), kind: kind, title: title, shape: shape, lamp: lamp.map { OutputID($0) })
        }
    }

    /// An identifier that must be one of `table`'s keys.
    func known<Value>(_ node: Node, _ what: String, in table: [String: Value]) -> String? {
        guard let id = reader.identifier(node, what) else { return nil }
        guard table[id] != nil else {
            reader.report(
                node.mark, "unknown \(what) '\(id)'",
                expected: table.isEmpty ? "one defined in this cell" : "one of \(Describe.list(table.keys.sorted()))",
                suggestion: Suggestion.closest(to: id, among: table.keys))
            return nil
        }
        return id
    }

    func readInputs(_ node: Node) -> [Input]? {
        var keys: [String: Node] = [:]
        return each(node, "inputs", limit: Limits.inputs) { item in
            guard let fields = reader.fields(item, FormatKeys.input), let idNode = fields["id"],
                let id = reader.identifier(idNode, "input id"), claim(id, idNode, "input", in: &inputIDs)
            else { return nil }
            let debounce = fields["debounce-ms"].flatMap { reader.number($0, "debounce-ms", in: Limits.debounceMS) }
            let stuck = fields["stuck-after-s"].flatMap {
                reader.number($0, "stuck-after-s", in: Limits.stuckSeconds, aboveLower: true)
            }
            guard let source = readSource(fields, id: id, keys: &keys) else { return nil }
            return Input(
                id: InputID(id), source: source, debounceMilliseconds: debounce ?? 10, stuckAfterSeconds: stuck)
        }
    }

    private func readSource(_ fields: Fields, id: String, keys: inout [String: Node]) -> InputSource? {
        let kinds = InputKind.all.filter { fields[$0.key] != nil }
        guard kinds.count == 1, let kind = kinds.first, let node = fields[kind.key] else {
            reader.report(
                fields.mark, kinds.isEmpty ? "input '\(id)' has no source" : "input '\(id)' has several sources",
                expected: "exactly one of \(InputKind.all.map(\.key).joined(separator: ", "))")
            return nil
        }
        return kind.read(self, node, &keys)
    }

    /// chip, line and active-low of a GPIO mapping.
    func readLine(_ fields: Fields) -> (String, Int, Bool)? {
        guard let chipNode = fields["chip"], let chip = reader.string(chipNode, "gpio chip", maxLength: 64),
            let line = fields["line"].flatMap({ reader.integer($0, "gpio line", in: Limits.gpioLine) })
        else { return nil }
        if let problem = DevicePaths.gpioChipProblem(chip) {
            reader.report(
                chipNode.mark, "gpio chip '\(Describe.clip(chip))' \(problem)",
                expected: "a chip name such as gpiochip0, or /dev/gpiochipN")
            return nil
        }
        let low = fields["active-low"].flatMap { reader.bool($0, "active-low") } ?? false
        return (chip, line, low)
    }
}
