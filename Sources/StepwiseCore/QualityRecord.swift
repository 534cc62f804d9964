/// One line of the quality log. Flat on purpose: it maps to one SQLite row and one JSON line.
public struct QualityRecord: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case login, logout, variantSelected = "variant-selected"
        case stepStarted = "step-started", stepDone = "step-done"
        case wrongAction = "wrong-action", hesitation, help
        case confirmedByHand = "confirmed-by-hand"
        case levelChanged = "level-changed"
        case cycleDone = "cycle-done"
        case fault, faultCleared = "fault-cleared"
    }

    public var at: Instant
    public var kind: Kind
    public var cell: CellID
    public var worker: WorkerPseudonym?
    public var instructionSet: InstructionSetID?
    public var version: String?
    public var contentHash: String?
    public var variant: VariantID?
    /// The worker's cycle number in this set, counted over their whole history.
    public var cycle: Int?
    public var step: StepID?
    public var level: GuidanceLevel?
    public var previousLevel: GuidanceLevel?
    public var durationSeconds: Double?
    public var input: InputID?
    /// A reason a person can read ("3 clean runs at ≤ 110 % of target"), or a fault message.
    public var detail: String?

    public init(
        at: Instant, kind: Kind, cell: CellID, worker: WorkerPseudonym? = nil,
        instructionSet: InstructionSetID? = nil, version: String? = nil, contentHash: String? = nil,
        variant: VariantID? = nil, cycle: Int? = nil, step: StepID? = nil, level: GuidanceLevel? = nil,
        previousLevel: GuidanceLevel? = nil, durationSeconds: Double? = nil, input: InputID? = nil,
        detail: String? = nil
    ) {
        self.at = at
        self.kind = kind
        self.cell = cell
        self.worker = worker
        self.instructionSet = instructionSet
        self.version = version
        self.contentHash = contentHash
        self.variant = variant
        self.cycle = cycle
        self.step = step
        self.level = level
        self.previousLevel = previousLevel
        self.durationSeconds = durationSeconds
        self.input = input
        self.detail = detail
    }
}
