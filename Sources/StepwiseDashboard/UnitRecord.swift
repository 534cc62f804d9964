import StepwiseCore
import StepwiseLog

/// The quality record of one product unit: each step of one cycle, what confirmed it and when.
/// A unit is named by its cell and the instant its cycle was done.
public struct UnitRecord: Sendable, Equatable {
    public struct StepLine: Sendable, Equatable {
        public var step: StepID
        public var started: Instant?
        public var done: Instant?
        public var seconds: Double?
        public var level: GuidanceLevel?
        /// "sensor" or "by hand (confirm button)".
        public var confirmedBy: String
        public var wrongActions: [String]
        public var hesitated: Bool
        public var help: Bool
        /// The torque controller's tightenings for this step, in order, NOKs included.
        public var tightenings: [Tightening] = []
    }

    public var cell: CellID
    public var worker: WorkerPseudonym?
    public var instructionSet: InstructionSetID?
    public var version: String?
    public var variant: VariantID?
    public var cycle: Int?
    public var done: Instant
    public var seconds: Double?
    public var steps: [StepLine]

    /// The unit whose cycle ended at `done` on `cell`; nil if there is none. `records` oldest first.
    public init?(cell: CellID, done: Instant, records: [QualityRecord]) {
        let onCell = records.filter { $0.cell == cell }
        guard let end = onCell.lastIndex(where: { $0.kind == .cycleDone && $0.at == done }) else { return nil }
        let last = onCell[end]
        let start =
            onCell[..<end].lastIndex(where: { $0.kind == .cycleDone || $0.kind == .login })
            .map { $0 + 1 } ?? onCell.startIndex
        let cycle = onCell[start...end].filter {
            $0.worker == last.worker && $0.instructionSet == last.instructionSet && $0.cycle == last.cycle
        }
        self.cell = cell
        worker = last.worker
        instructionSet = last.instructionSet
        version = last.version
        variant = last.variant
        self.cycle = last.cycle
        self.done = done
        seconds = last.durationSeconds
        steps = Self.lines(cycle)
    }

    private static func lines(_ records: [QualityRecord]) -> [StepLine] {
        var order: [StepID] = []
        var lines: [StepID: StepLine] = [:]
        for r in records {
            guard let step = r.step else { continue }
            if lines[step] == nil {
                order.append(step)
                lines[step] = StepLine(
                    step: step, confirmedBy: "sensor", wrongActions: [], hesitated: false,
                    help: false)
            }
            switch r.kind {
            case .stepStarted:
                lines[step]!.started = r.at
                lines[step]!.level = r.level
            case .stepDone:
                lines[step]!.done = r.at
                lines[step]!.seconds = r.durationSeconds
            case .confirmedByHand: lines[step]!.confirmedBy = "by hand (confirm button)"
            case .wrongAction:
                lines[step]!.wrongActions.append(
                    [r.input?.rawValue, r.detail].compactMap { $0 }.joined(separator: " "))
            case .tightening: if let values = r.tightening { lines[step]!.tightenings.append(values) }
            case .hesitation: lines[step]!.hesitated = true
            case .help: lines[step]!.help = true
            default: break
            }
        }
        return order.map { lines[$0]! }
    }

    /// `showWorker` false leaves the person out: engineers see what confirmed a step, not who.
    func table(showWorker: Bool) -> DataTable {
        let who = showWorker ? (worker?.rawValue ?? "–") : "a worker"
        return DataTable(
            id: "steps", title: "Steps of this unit",
            columns: [
                "step", "started (UTC)", "done (UTC)", "time", "guidance", "confirmed by", "wrong actions", "help",
                "tightenings",
            ],
            rows: steps.map { s in
                [
                    s.step.rawValue, s.started.map(Format.clock) ?? "–", s.done.map(Format.clock) ?? "not done",
                    Format.seconds(s.seconds), s.level?.name ?? "–",
                    s.done == nil ? "–" : (s.confirmedBy == "sensor" ? "sensor" : "\(who), \(s.confirmedBy)"),
                    s.wrongActions.isEmpty ? "none" : s.wrongActions.joined(separator: "; "),
                    [s.hesitated ? "guidance came back" : nil, s.help ? "asked for help" : nil]
                        .compactMap { $0 }.joined(separator: ", ").ifEmpty("none"),
                    s.tightenings.map(Self.describe).joined(separator: "; ").ifEmpty("–"),
                ]
            })
    }
}

extension UnitRecord {
    /// `OK 4.10 Nm (3.80–4.40), 92°, program 3, tightening 1017`: what the controller measured, and what finds
    /// the tightening in the tool's own log.
    static func describe(_ t: Tightening) -> String {
        "\(t.ok ? "OK" : "NOK") \(t.summary), program \(t.program), tightening \(t.controllerID)"
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
