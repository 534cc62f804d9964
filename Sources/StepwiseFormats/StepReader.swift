import Foundation
import StepwiseCore
import Yams

/// Steps, any-order groups and what completes them.
extension InstructionSetReader {
    func readSequence(_ node: Node) -> [SequenceItem]? {
        guard let items = reader.list(node, "steps", limit: Limits.steps, nonEmpty: true) else { return nil }
        return items.compactMap { item -> SequenceItem? in
            if case .mapping(let mapping) = item, mapping["group"] != nil {
                return readGroup(item).map(SequenceItem.group)
            }
            return readStep(item).map(SequenceItem.step)
        }
    }

    private func readGroup(_ node: Node) -> StepGroup? {
        guard let wrapper = reader.fields(node, FormatKeys.groupItem), let body = wrapper["group"],
            let fields = reader.fields(body, FormatKeys.group)
        else { return nil }
        let id = fields["id"].flatMap { reader.identifier($0, "group id") }
        if let id { claim(id, fields["id"]) }
        let title = fields["title"].flatMap { reader.localized($0, "group title") }
        let steps = fields["steps"].flatMap { reader.list($0, "group steps", limit: Limits.steps, nonEmpty: true) }?
            .compactMap { item -> Step? in
                if case .mapping(let mapping) = item, mapping["group"] != nil {
                    reader.report(item.mark, "groups cannot be nested", expected: "steps inside a group")
                    return nil
                }
                return readStep(item)
            }
        guard let id, let title, let steps else { return nil }
        return StepGroup(id: StepGroupID(id), title: title, steps: steps)
    }

    /// Registers a step or group id, reporting a second use.
    private func claim(_ id: String, _ node: Node?) {
        let location = Location(node?.mark)
        if let first = stepIDs[id] {
            reader.report(
                node?.mark, "duplicate step id '\(id)' (first at line \(first.line))",
                expected: "a unique id per step and group")
        } else {
            stepIDs[id] = location
        }
    }

    private func readStep(_ node: Node) -> Step? {
        guard let fields = reader.fields(node, FormatKeys.step) else { return nil }
        stepCount += 1
        if stepCount == Limits.steps + 1 {
            reader.report(
                node.mark, "more than \(Limits.steps) steps", expected: "at most \(Limits.steps) steps per set")
        }
        let id = fields["id"].flatMap { reader.identifier($0, "step id") }
        if let id { claim(id, fields["id"]) }
        let text = fields["text"].flatMap { reader.localized($0, "step text") }
        let picture = fields["picture"].flatMap(readPicture)
        let target = fields["target-seconds"].flatMap {
            reader.number($0, "target-seconds", in: Limits.targetSeconds, aboveLower: true)
        }
        let zones = names(fields["zones"], "zone", .zone)
        let bins = names(fields["bins"], "bin", .bin)
        let contour = fields["contour"].flatMap { reader.polygon($0, "contour") }
        let completion = fields["done-when"].flatMap { readCondition($0, depth: 1) }
        let wrong = fields["wrong-actions"].flatMap(readWrongActions) ?? []
        let enables = names(fields["enables"], "output", .output)
        let variants = fields["variants"].flatMap(readStepVariants)
        let replaces = fields["replaces"].flatMap { reader.identifier($0, "replaced step id") }
        if let completion {
            for action in wrong where completion.inputs.contains(action.input) {
                reader.report(
                    fields["wrong-actions"]?.mark,
                    "input '\(action.input)' both completes the step and is a wrong action",
                    expected: "different inputs for done-when and wrong-actions")
            }
        }
        guard let id, let text, let target, let completion else { return nil }
        return Step(
            id: StepID(id), text: text, picture: picture, contour: contour, targetSeconds: target,
            zones: zones.map { ZoneID($0) }, bins: bins.map { ZoneID($0) }, completion: completion, wrongActions: wrong,
            enables: enables.map { OutputID($0) }, variants: variants, replaces: replaces.map { StepID($0) })
    }

    /// Identifiers the cell must define, remembered as references.
    private func names(_ node: Node?, _ what: String, _ kind: Reference.Kind) -> [String] {
        guard let node, let list = reader.identifiers(node, what, limit: 64) else { return [] }
        references += list.map { Reference(kind: kind, name: $0.id, location: Location($0.node.mark)) }
        return list.map(\.id)
    }

    private func readPicture(_ node: Node) -> String? {
        guard let path = reader.string(node, "picture", maxLength: 1024) else { return nil }
        guard path.lowercased().hasSuffix(".png") else {
            reader.report(node.mark, "picture '\(Describe.clip(path))' is not a PNG", expected: "a path ending in .png")
            return nil
        }
        let absolute = FormatPaths.resolve(path, relativeTo: file)
        if let problem = PictureFile.problem(at: absolute) {
            reader.report(
                node.mark, "picture '\(Describe.clip(path))' \(problem)",
                expected: "a PNG file of at most \(Limits.pictureBytes >> 20) MiB, path relative to this YAML file")
            return nil
        }
        return absolute
    }

    private func readStepVariants(_ node: Node) -> Set<VariantID>? {
        guard let list = reader.identifiers(node, "variant", limit: Limits.variants) else { return nil }
        if list.isEmpty {
            reader.report(node.mark, "variants is empty", expected: "at least one variant, or no 'variants:' for all")
        }
        for (id, item) in list where !variantIDs.contains(id) {
            reader.report(
                item.mark,
                setHasVariants ? "unknown variant '\(id)'" : "variant '\(id)' but the set declares no variants",
                expected: variantIDs.isEmpty
                    ? "a 'variants:' list in the set" : "one of \(Describe.list(variantIDs.sorted()))",
                suggestion: Suggestion.closest(to: id, among: variantIDs))
        }
        return Set(list.map { VariantID($0.id) })
    }

    func readCondition(_ node: Node, depth: Int) -> CompletionCondition? {
        if depth > Limits.conditionDepth {
            reader.report(
                node.mark, "done-when is nested too deeply",
                expected: "at most \(Limits.conditionDepth) levels of any-of/all-of")
            return nil
        }
        if case .scalar = node {  // `done-when: bin-1.pick` is short for `{input: bin-1.pick}`
            return reader.identifier(node, "input").map { .input(input($0, node), count: 1) }
        }
        guard let fields = reader.fields(node, FormatKeys.condition) else { return nil }
        let present = ["input", "any-of", "all-of"].filter { fields[$0] != nil }
        guard present.count == 1 else {
            reader.report(
                node.mark,
                present.isEmpty
                    ? "done-when names no condition" : "done-when mixes \(present.joined(separator: " and "))",
                expected: "exactly one of input, any-of, all-of")
            return nil
        }
        if let count = fields["count"], fields["input"] == nil {
            reader.report(count.mark, "count only applies to input", expected: "count next to input")
            return nil
        }
        if let node = fields["input"], let id = reader.identifier(node, "input") {
            let count = fields["count"].flatMap { reader.integer($0, "count", in: Limits.count) }
            if fields["count"] != nil && count == nil { return nil }
            return .input(input(id, node), count: count ?? 1)
        }
        let key = present[0]
        guard let items = fields[key].flatMap({ reader.list($0, key, limit: 64, nonEmpty: true) }) else { return nil }
        let parts = items.compactMap { readCondition($0, depth: depth + 1) }
        guard parts.count == items.count else { return nil }
        return key == "any-of" ? .anyOf(parts) : .allOf(parts)
    }

    private func input(_ id: String, _ node: Node) -> InputID {
        references.append(Reference(kind: .input, name: id, location: Location(node.mark)))
        return InputID(id)
    }

    private func readWrongActions(_ node: Node) -> [WrongAction]? {
        guard let items = reader.list(node, "wrong-actions", limit: 64) else { return nil }
        return items.compactMap { item in
            guard let fields = reader.fields(item, FormatKeys.wrongAction),
                let inputNode = fields["input"], let id = reader.identifier(inputNode, "input"),
                let kind = fields["kind"].flatMap({ reader.choice($0, "wrong-action kind", as: WrongAction.Kind.self) })
            else { return nil }
            let message = fields["message"].flatMap { reader.localized($0, "wrong-action message") }
            return WrongAction(input: input(id, inputNode), kind: kind, message: message)
        }
    }
}
