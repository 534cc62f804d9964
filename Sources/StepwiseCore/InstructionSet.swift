/// A versioned assembly procedure for one product family, as engineers write it in
/// `WorkInstructions/*.yaml`.
public struct InstructionSet: Hashable, Sendable {
    public var id: InstructionSetID
    public var version: String
    public var title: LocalizedText
    /// Product variants; empty means the product has a single variant.
    public var variants: [Variant]
    /// Steps and any-order groups, in the order they are done.
    public var sequence: [SequenceItem]
    /// What each guidance level shows.
    public var guidance: GuidanceContent
    /// Fading and raising thresholds.
    public var policy: GuidancePolicy
    /// SHA-256 (hex) of the file's bytes, logged with every record so a record names exactly
    /// which instructions the worker saw.
    public var contentHash: String

    public init(
        id: InstructionSetID, version: String, title: LocalizedText, variants: [Variant],
        sequence: [SequenceItem], guidance: GuidanceContent = .standard, policy: GuidancePolicy = .init(),
        contentHash: String = ""
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.variants = variants
        self.sequence = sequence
        self.guidance = guidance
        self.policy = policy
        self.contentHash = contentHash
    }

    /// Every step, groups flattened, in document order.
    public var allSteps: [Step] {
        sequence.flatMap { item -> [Step] in
            switch item {
            case .step(let step): [step]
            case .group(let group): group.steps
            }
        }
    }

    /// Looked up on every event: searched in place, without building `allSteps`.
    public func step(_ id: StepID) -> Step? {
        for item in sequence {
            switch item {
            case .step(let step): if step.id == id { return step }
            case .group(let group): if let step = group.steps.first(where: { $0.id == id }) { return step }
            }
        }
        return nil
    }

    /// The stages a worker goes through for `variant`: a single step, or an any-order group,
    /// with steps that do not apply to the variant left out (and empty groups dropped).
    public func stages(for variant: VariantID?) -> [Stage] {
        sequence.compactMap { item in
            switch item {
            case .step(let step):
                return step.applies(to: variant) ? Stage(group: nil, steps: [step]) : nil
            case .group(let group):
                let steps = group.steps.filter { $0.applies(to: variant) }
                return steps.isEmpty ? nil : Stage(group: group.id, steps: steps)
            }
        }
    }
}

/// A product variant, e.g. the 4-screw and 6-screw versions of a fixture.
public struct Variant: Hashable, Sendable {
    public var id: VariantID
    public var title: LocalizedText
    /// Barcode or input code that selects this variant at the station.
    public var code: String?
    public init(id: VariantID, title: LocalizedText, code: String? = nil) {
        self.id = id
        self.title = title
        self.code = code
    }
}

public enum SequenceItem: Hashable, Sendable {
    case step(Step)
    case group(StepGroup)
}

/// Steps that may be done in any order, like the checks of a final quality inspection.
public struct StepGroup: Hashable, Sendable {
    public var id: StepGroupID
    public var title: LocalizedText
    public var steps: [Step]
    public init(id: StepGroupID, title: LocalizedText, steps: [Step]) {
        self.id = id
        self.title = title
        self.steps = steps
    }
}

/// What the worker is doing now: one step, or every open step of an any-order group.
public struct Stage: Hashable, Sendable {
    public var group: StepGroupID?
    public var steps: [Step]
}

/// One assembly step.
public struct Step: Hashable, Sendable {
    public var id: StepID
    public var text: LocalizedText
    /// Absolute path of the pictogram (PNG), resolved by the loader relative to the YAML file.
    public var picture: String?
    /// Where the part goes, drawn as its contour (a polygon in bench millimetres).
    public var contour: PolygonMM?
    /// The time a practised worker takes, in seconds; the tempo reference, never shown as pressure.
    public var targetSeconds: Double
    /// Zones outlined at this step (fixture, tool rest …).
    public var zones: [ZoneID]
    /// Pick bins highlighted (and their lamps lit) at this step.
    public var bins: [ZoneID]
    /// What completes the step.
    public var completion: CompletionCondition
    /// Inputs that mean something went wrong at this step.
    public var wrongActions: [WrongAction]
    /// Outputs switched on only during this step (torque tool enable …).
    public var enables: [OutputID]
    /// Variants the step belongs to; nil means every variant.
    public var variants: Set<VariantID>?
    /// The id this step had in an earlier version (`replaces:`): workers' skills move to the new id.
    public var replaces: StepID?

    public init(
        id: StepID, text: LocalizedText, picture: String? = nil, contour: PolygonMM? = nil, targetSeconds: Double,
        zones: [ZoneID] = [], bins: [ZoneID] = [], completion: CompletionCondition, wrongActions: [WrongAction] = [],
        enables: [OutputID] = [], variants: Set<VariantID>? = nil, replaces: StepID? = nil
    ) {
        self.id = id
        self.text = text
        self.picture = picture
        self.contour = contour
        self.targetSeconds = targetSeconds
        self.zones = zones
        self.bins = bins
        self.completion = completion
        self.wrongActions = wrongActions
        self.enables = enables
        self.variants = variants
        self.replaces = replaces
    }

    public func applies(to variant: VariantID?) -> Bool {
        guard let variants, let variant else { return true }
        return variants.contains(variant)
    }
}

/// What completes a step: input activations, counted, combined with any-of / all-of.
public indirect enum CompletionCondition: Hashable, Sendable {
    /// `count` activations of `input` (4 × `torque.ok`).
    case input(InputID, count: Int)
    case anyOf([CompletionCondition])
    case allOf([CompletionCondition])

    /// Every input the condition listens to.
    public var inputs: Set<InputID> {
        switch self {
        case .input(let id, _): [id]
        case .anyOf(let parts), .allOf(let parts): parts.reduce(into: []) { $0.formUnion($1.inputs) }
        }
    }

    /// Whether the counted activations satisfy the condition.
    public func isSatisfied(by counts: [InputID: Int]) -> Bool {
        switch self {
        case .input(let id, let count): (counts[id] ?? 0) >= count
        case .anyOf(let parts): parts.contains { $0.isSatisfied(by: counts) }
        case .allOf(let parts): parts.allSatisfy { $0.isSatisfied(by: counts) }
        }
    }

    /// Fraction done in [0, 1], for a calm progress cue within a step (3 of 4 screws).
    public func progress(with counts: [InputID: Int]) -> Double {
        switch self {
        case .input(let id, let count): count <= 0 ? 1 : min(1, Double(counts[id] ?? 0) / Double(count))
        case .anyOf(let parts): parts.map { $0.progress(with: counts) }.max() ?? 1
        case .allOf(let parts):
            parts.isEmpty ? 1 : parts.map { $0.progress(with: counts) }.reduce(0, +) / Double(parts.count)
        }
    }
}

/// An input that, at this step, means a mistake: a pick from the wrong bin, `torque.nok`.
public struct WrongAction: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        case wrongPick = "wrong-pick"
        case toolNotOK = "tool-nok"
        case wrongPlacement = "wrong-placement"
        case other
    }
    public var input: InputID
    public var kind: Kind
    /// Gentle words shown with the cue ("Take the part from the green bin").
    public var message: LocalizedText?
    public init(input: InputID, kind: Kind, message: LocalizedText? = nil) {
        self.input = input
        self.kind = kind
        self.message = message
    }
}

/// Thresholds of the adaptive guidance, with defaults chosen from the field studies:
/// fade slowly and one level at a time, raise at once, fall back only on clear trouble.
public struct GuidancePolicy: Hashable, Sendable {
    /// Level a new worker starts at.
    public var initialLevel: GuidanceLevel = .full
    /// Lowest level this set ever fades to (a set can forbid `silent`).
    public var floor: GuidanceLevel = .silent
    /// Clean, on-tempo repetitions of a step needed before fading one level.
    public var fadeAfterCleanRuns: Int = 3
    /// A run is on tempo when step time ÷ target ≤ this.
    public var fadeTempo: Double = 1.1
    /// A run this much slower than target (step time ÷ target ≥) counts as trouble; wider than
    /// `fadeTempo` so a worker at the edge does not flap between levels.
    public var raiseTempo: Double = 1.8
    /// Slow runs in a row before raising for tempo alone.
    public var raiseAfterSlowRuns: Int = 2
    /// Repetitions a level is kept at least before fading again.
    public var minimumDwellRuns: Int = 2
    /// No progress for this multiple of the target time is hesitation: guidance comes back.
    public var hesitationFactor: Double = 3.0
    /// A pause longer than this (seconds) is a break, not slowness.
    public var breakSeconds: Double = 300
    /// Fade only when the estimated probability that the step is mastered is at least this, as
    /// well as after the clean streak: one lucky streak is not mastery.
    public var fadeMastery: Double = 0.8
    /// Raise one level when the mastery estimate falls below this; lower than `fadeMastery`
    /// (hysteresis on the estimate too).
    public var raiseMastery: Double = 0.2
    /// Trouble signs (wrong actions, help, hesitation) within one any-order group in one cycle
    /// before every step of the group gets one level more help.
    public var groupRaiseAfterTrouble: Int = 2
    /// The first cycle after a break (a long pause, or a new session) is shown with one level
    /// more help; nothing is stored.
    public var warmUpAfterBreak: Bool = true
    /// Hours into a session after which a slow run is fatigue: one level more help for the
    /// rest of the session, and the run is not counted as slow. Zero turns this off.
    public var fatigueAfterHours: Double = 3
    /// A step whose mastery estimate is at least this is solid: it gets no warm-up after a break.
    public var solidMastery: Double = 0.95
    /// Fades undone by trouble soon after, counted up to this many per step; each asks for the
    /// clean streak once more before the step fades again. Zero turns this off.
    public var failedFadeLimit: Int = 3
    /// Where a step whose content changed in a new version starts again for every worker: at least
    /// this much help (see `SetChanges`).
    public var changedStepLevel: GuidanceLevel = .hint
    /// The way out of the tempo trap: guidance costs a master time, so a master under full
    /// guidance may never be on tempo and never fade. After this many runs in a row without
    /// trouble, with the mastery estimate at least `solidMastery`, a step that is not slow tries
    /// one level less (once more per failed fade); trouble soon after undoes it as any failed fade.
    /// Zero (the default) turns this off: on the shipped populations it fades workers who are
    /// steady under guidance but do not know the step yet, and errors rise (docs/evaluation.md).
    public var trialFadeRuns: Int = 0

    public init() {}
}
