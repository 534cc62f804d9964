import StepwiseCore
import StepwiseFormats

/// The shipped policy: the real `StationMachine` (and through it the real `GuidanceModel`),
/// driven with timed events exactly as the daemon drives it. What is evaluated is what ships.
public struct StepwiseMachine: GuidanceController {
    public private(set) var machine: StationMachine
    public let instructionSet: InstructionSet
    /// The worker's skill as the daemon would persist it between sessions.
    public private(set) var skill: WorkerSkill
    /// Every level change the machine logged, with its reason.
    public private(set) var changes: [QualityRecord] = []
    /// Every record the machine logged, kept only when `recording` (a whole schedule's log is large).
    public private(set) var records: [QualityRecord] = []
    public var recording = false
    private var wakeUp: Instant?
    private let worker: WorkerPseudonym

    public init(
        task: SimulatedTask, worker: String, controls: CoachControls = .init(), policy: GuidancePolicy = .init()
    ) {
        let set = Self.instructionSet(for: task, policy: policy)
        self.instructionSet = set
        self.worker = WorkerPseudonym(worker)
        skill = WorkerSkill(worker: self.worker, instructionSet: set.id, controls: controls)
        machine = StationMachine(cell: Self.cell(for: task), instructionSets: [set])
    }

    public mutating func startSession(at: Instant) {
        send(.login(worker, skill: skill), at: at)
    }

    public func level(of step: SimulatedTask.Step) -> GuidanceLevel {
        machine.state.shownLevel(of: StepID(step.id), in: instructionSet)
    }

    public func levelAfterHelp(_ shown: GuidanceLevel) -> GuidanceLevel { GuidanceModel.helpLevel }

    /// The run as sensor events: help early, the wrong action midway, the completion at the end.
    public mutating func finish(_ run: SimulatedRun) {
        let working = run.start.adding(seconds: run.pauseSeconds)
        if run.help { send(.help, at: working.adding(seconds: run.workSeconds * 0.3)) }
        if run.error {
            send(.activated(Self.wrongInput(run.step.id)), at: working.adding(seconds: run.workSeconds * 0.5))
        }
        send(.activated(Self.doneInput(run.step.id)), at: run.end)
    }

    /// The calm check mark, then the next cycle starts, as on the bench.
    public mutating func endCycle(at: Instant) {
        send(.deadline, at: at.adding(seconds: StationMachine.cycleDonePause))
    }

    public mutating func endSession(at: Instant) {
        if let live = machine.state.skill { skill = live }
        send(.logout, at: at)
    }

    /// Plays due deadlines (hesitation) first, as the runtime's timer would, then the event.
    private mutating func send(_ event: StationEvent, at: Instant) {
        while let due = wakeUp, due < at {
            let output = machine.handle(TimedEvent(.deadline, at: due))
            note(output)
            wakeUp = output.wakeUp.flatMap { $0 > due ? $0 : nil }
        }
        let output = machine.handle(TimedEvent(event, at: at))
        note(output)
        wakeUp = output.wakeUp
    }

    private mutating func note(_ output: StationOutput) {
        if let changed = output.skill { skill = changed }
        changes += output.records.filter { $0.kind == .levelChanged }
        if recording { records += output.records }
    }
}

extension StepwiseMachine {
    static func doneInput(_ step: String) -> InputID { InputID("\(step).done") }
    static func wrongInput(_ step: String) -> InputID { InputID("\(step).wrong") }

    /// The task as an instruction set: one sensor per step, one wrong-action input per step,
    /// consecutive steps of one group as an any-order group.
    static func instructionSet(for task: SimulatedTask, policy: GuidancePolicy) -> InstructionSet {
        var sequence: [SequenceItem] = []
        for step in task.steps {
            let s = Step(
                id: StepID(step.id), text: LocalizedText(["en": step.id]), targetSeconds: step.targetSeconds,
                completion: .input(doneInput(step.id), count: 1),
                wrongActions: [WrongAction(input: wrongInput(step.id), kind: .other)])
            if let group = step.group, case .group(var g)? = sequence.last, g.id == StepGroupID(group) {
                g.steps.append(s)
                sequence[sequence.count - 1] = .group(g)
            } else if let group = step.group {
                sequence.append(
                    .group(StepGroup(id: StepGroupID(group), title: LocalizedText(["en": group]), steps: [s])))
            } else {
                sequence.append(.step(s))
            }
        }
        return InstructionSet(
            id: "simulated", version: "1", title: LocalizedText(["en": "simulated task"]), variants: [],
            sequence: sequence, policy: policy, contentHash: "simulated")
    }

    static func cell(for task: SimulatedTask) -> Cell {
        let names: [InputID] =
            task.steps.flatMap { step -> [InputID] in [doneInput(step.id), wrongInput(step.id)] }
            + ["help.button", "confirm.button"]
        let bench = [PointMM(x: 0, y: 0), PointMM(x: 1000, y: 0), PointMM(x: 1000, y: 600), PointMM(x: 0, y: 600)]
        let pixels = [PointPX(x: 0, y: 0), PointPX(x: 1280, y: 0), PointPX(x: 1280, y: 800), PointPX(x: 0, y: 800)]
        return Cell(
            id: "simulated-cell", title: LocalizedText(["en": "simulated cell"]),
            projector: Projector(
                display: DisplaySource(
                    FramebufferDisplaySettings(target: .file(path: "/dev/null"), pixelFormat: .xrgb8888)),
                width: 1280, height: 800,
                calibration: Calibration(bench: bench, projector: pixels),
                panel: Rect(x: 600, y: 0, width: 400, height: 300)),
            zones: [], inputs: names.map { Input(id: $0, source: .simulated(key: nil)) },
            roles: StationRoles(help: "help.button", confirm: "confirm.button"), language: "en")
    }
}
