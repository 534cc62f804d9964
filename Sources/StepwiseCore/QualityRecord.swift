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
        /// A torque controller's tightening, with its values; the step it counted for, if any.
        case tightening
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
    /// A fault's message, a wrong action's kind, or a level change's English sentence (for readers
    /// of the text alone; the typed fields below are the truth).
    public var detail: String?
    /// The device of a fault or fault-cleared record ("gpiochip0 line 17", "usb-1").
    public var faultDevice: String?
    public var faultKind: DeviceFault.Kind?
    /// Why a level changed, and the numbers that go with the code (runs, days, seconds; a tempo or mastery).
    public var reason: LevelChangeReason?
    public var reasonCount: Int?
    public var reasonRatio: Double?
    /// A tightening record's measured values.
    public var tightening: Tightening?

    public init(
        at: Instant, kind: Kind, cell: CellID, worker: WorkerPseudonym? = nil,
        instructionSet: InstructionSetID? = nil, version: String? = nil, contentHash: String? = nil,
        variant: VariantID? = nil, cycle: Int? = nil, step: StepID? = nil, level: GuidanceLevel? = nil,
        previousLevel: GuidanceLevel? = nil, durationSeconds: Double? = nil, input: InputID? = nil,
        detail: String? = nil, faultDevice: String? = nil, faultKind: DeviceFault.Kind? = nil,
        reason: LevelChangeReason? = nil, reasonCount: Int? = nil, reasonRatio: Double? = nil
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
        self.faultDevice = faultDevice
        self.faultKind = faultKind
        self.reason = reason
        self.reasonCount = reasonCount
        self.reasonRatio = reasonRatio
    }
}
