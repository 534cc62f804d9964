import StepwiseCore
import Yams

/// Maps an instruction-set document onto `InstructionSet`, collecting every problem.
final class InstructionSetReader {
    let reader: NodeReader
    let file: String
    var references: [Reference] = []
    var variantIDs: Set<String> = []
    var setHasVariants = false
    var stepIDs: [String: Location] = [:]
    var stepCount = 0

    init(reader: NodeReader) {
        self.reader = reader
        self.file = reader.file
    }

    func read(_ root: Node, contentHash: String) -> (InstructionSet, LoadedSet)? {
        guard let fields = reader.fields(root, FormatKeys.instructionSet) else { return nil }
        let id = fields["id"].flatMap { reader.identifier($0, "instruction set id") }
        let version = fields["version"].flatMap { reader.string($0, "version", maxLength: 32) }
        let title = fields["title"].flatMap { reader.localized($0, "title") }
        let variants = fields["variants"].flatMap(readVariants) ?? []
        let guidance = fields["guidance"].map(readGuidance) ?? .standard
        let policy = fields["policy"].map(readPolicy) ?? GuidancePolicy()
        let sequence = fields["steps"].flatMap(readSequence) ?? []
        guard let id, let version, let title, !reader.hasErrors else { return nil }
        let set = InstructionSet(
            id: InstructionSetID(id), version: version, title: title, variants: variants, sequence: sequence,
            guidance: guidance, policy: policy, contentHash: contentHash)
        return (set, LoadedSet(file: file, idLocation: Location(fields["id"]?.mark), references: references))
    }

    private func readVariants(_ node: Node) -> [Variant]? {
        guard let items = reader.list(node, "variants", limit: Limits.variants) else { return nil }
        var codes = Set<String>()
        setHasVariants = !items.isEmpty
        return items.compactMap { item in
            guard let fields = reader.fields(item, FormatKeys.variant),
                let id = fields["id"].flatMap({ reader.identifier($0, "variant id") }),
                let title = fields["title"].flatMap({ reader.localized($0, "variant title") })
            else { return nil }
            if !variantIDs.insert(id).inserted {
                reader.report(fields["id"]?.mark, "duplicate variant id '\(id)'", expected: "a unique id per variant")
            }
            let code = fields["code"].flatMap { reader.string($0, "variant code", maxLength: 128) }
            if let code, !codes.insert(code).inserted {
                reader.report(
                    fields["code"]?.mark, "variant code '\(code)' is used twice", expected: "a unique code per variant")
            }
            return Variant(id: VariantID(id), title: title, code: code)
        }
    }

    private func readGuidance(_ node: Node) -> GuidanceContent {
        guard let fields = reader.fields(node, FormatKeys.guidance) else { return .standard }
        let full = fields["full"].flatMap { elements($0, "guidance full") } ?? Set(GuidanceElement.allCases)
        var edits: [GuidanceLevel: (add: Set<GuidanceElement>, drop: Set<GuidanceElement>)] = [:]
        for level in [GuidanceLevel.hint, .location, .silent] {
            guard let node = fields[level.name], let edit = reader.fields(node, FormatKeys.levelEdit) else { continue }
            let add = edit["add"].flatMap { elements($0, "guidance \(level.name) add") } ?? []
            let drop = edit["drop"].flatMap { elements($0, "guidance \(level.name) drop") } ?? []
            edits[level] = (add, drop)
        }
        return .derived(full: full, edits: edits)
    }

    private func elements(_ node: Node, _ what: String) -> Set<GuidanceElement>? {
        guard let items = reader.list(node, what, limit: 32) else { return nil }
        return Set(items.compactMap { reader.choice($0, "guidance element", as: GuidanceElement.self) })
    }

    private func readPolicy(_ node: Node) -> GuidancePolicy {
        var policy = GuidancePolicy()
        guard let fields = reader.fields(node, FormatKeys.policy) else { return policy }
        let names = GuidanceLevel.allCases.map(\.name)
        if let level = fields["initial-level"].flatMap({ reader.choice($0, "guidance level", among: names) }) {
            policy.initialLevel = GuidanceLevel(name: level) ?? .full
        }
        if let level = fields["floor"].flatMap({ reader.choice($0, "guidance level", among: names) }) {
            policy.floor = GuidanceLevel(name: level) ?? .silent
        }
        if let level = fields["changed-step-level"].flatMap({ reader.choice($0, "guidance level", among: names) }) {
            policy.changedStepLevel = GuidanceLevel(name: level) ?? .hint
        }
        func runs(_ key: String, _ range: ClosedRange<Int>) -> Int? {
            fields[key].flatMap { reader.integer($0, key, in: range) }
        }
        func factor(_ key: String, _ range: ClosedRange<Double>) -> Double? {
            fields[key].flatMap { reader.number($0, key, in: range, aboveLower: true) }
        }
        if let v = runs("fade-after-clean-runs", 1...100) { policy.fadeAfterCleanRuns = v }
        if let v = runs("raise-after-slow-runs", 1...100) { policy.raiseAfterSlowRuns = v }
        if let v = runs("minimum-dwell-runs", 0...100) { policy.minimumDwellRuns = v }
        if let v = factor("fade-tempo", 0...10) { policy.fadeTempo = v }
        if let v = factor("raise-tempo", 0...10) { policy.raiseTempo = v }
        if let v = factor("hesitation-factor", 1...100) { policy.hesitationFactor = v }
        if let v = factor("break-seconds", 0...86_400) { policy.breakSeconds = v }
        readModelPolicy(fields, into: &policy)
        if policy.floor > policy.initialLevel {
            reader.report(
                fields["floor"]?.mark,
                "floor '\(policy.floor.name)' is above initial-level '\(policy.initialLevel.name)'",
                expected: "a floor at or below the initial level")
        }
        if policy.raiseMastery >= policy.fadeMastery {
            reader.report(
                (fields["raise-mastery"] ?? fields["fade-mastery"])?.mark,
                "raise-mastery \(policy.raiseMastery) is not below fade-mastery \(policy.fadeMastery)",
                expected: "raise-mastery < fade-mastery, so levels do not flap")
        }
        if policy.raiseTempo <= policy.fadeTempo {
            reader.report(
                (fields["raise-tempo"] ?? fields["fade-tempo"])?.mark,
                "raise-tempo \(policy.raiseTempo) is not above fade-tempo \(policy.fadeTempo)",
                expected: "raise-tempo > fade-tempo, so levels do not flap")
        }
        return policy
    }

    /// The keys of the mastery estimate, group trouble, warm-up and fatigue rules.
    private func readModelPolicy(_ fields: Fields, into policy: inout GuidancePolicy) {
        func number(_ key: String, _ range: ClosedRange<Double>) -> Double? {
            fields[key].flatMap { reader.number($0, key, in: range) }
        }
        if let v = number("fade-mastery", 0...1) { policy.fadeMastery = v }
        if let v = number("raise-mastery", 0...1) { policy.raiseMastery = v }
        if let v = number("fatigue-after-hours", 0...24) { policy.fatigueAfterHours = v }
        if let v = number("solid-mastery", 0...1) { policy.solidMastery = v }
        if let v = fields["failed-fade-limit"].flatMap({ reader.integer($0, "failed-fade-limit", in: 0...10) }) {
            policy.failedFadeLimit = v
        }
        if let v = fields["trial-fade-runs"].flatMap({ reader.integer($0, "trial-fade-runs", in: 0...1000) }) {
            policy.trialFadeRuns = v
        }
        if let v = fields["group-raise-after-trouble"].flatMap({
            reader.integer($0, "group-raise-after-trouble", in: 0...100)
        }) {
            policy.groupRaiseAfterTrouble = v
        }
        if let v = fields["warm-up-after-break"].flatMap({ reader.bool($0, "warm-up-after-break") }) {
            policy.warmUpAfterBreak = v
        }
    }
}
