/// The station as a value: events in, actions out (records, scene, lamps, a wake-up, skill to
/// persist). No clock and no I/O: the runtime performs what `handle` returns.
public struct StationMachine: Sendable {
    public private(set) var cell: Cell
    public private(set) var instructionSets: [InstructionSet]
    // `internal(set)`: the extensions in the other StationMachine files change it; outside the module it is read-only.
    public internal(set) var state = StationState()
    /// Records produced while handling the current event.
    var outbox: [QualityRecord] = []
    /// The instant of the last event: the time of a reload, which carries none.
    var lastEventAt = Instant(nanoseconds: 0)

    /// Seconds the calm "cycle done" check mark stays before the next cycle starts.
    public static let cycleDonePause = 2.0

    public init(cell: Cell, instructionSets: [InstructionSet]) {
        self.cell = cell
        self.instructionSets = instructionSets
    }

    /// Handles one event and says what the runtime must do now.
    public mutating func handle(_ event: TimedEvent) -> StationOutput {
        let skillBefore = state.skill
        outbox = []
        lastEventAt = max(lastEventAt, event.at)
        dispatch(event.event, at: event.at)
        return output(skillBefore: skillBefore)
    }

    private mutating func dispatch(_ event: StationEvent, at: Instant) {
        switch event {
        case .activated(let input):
            if input == cell.roles.help {
                help(at: at)
            } else if input == cell.roles.confirm {
                confirm(at: at)
            } else {
                activate(input, at: at)
            }
        case .tightened(let input, let tightening):
            logTightening(tightening, input: input, at: at)
            dispatch(.activated(input), at: at)
        case .login(let worker, let skills): login(worker, skills: skills, at: at)
        case .logout: logout(at: at)
        case .select(let set, let variant): select(set, variant: variant, at: at)
        case .scanned(let code): scanned(code, at: at)
        case .help: help(at: at)
        case .confirm: confirm(at: at)
        case .deadline: deadline(at: at)
        case .fault(let fault): raiseFault(fault, at: at)
        case .faultCleared(let device): clearFault(device, at: at)
        }
    }

    /// Hot reload: the worker and their skill stay; if the current set changed, the current
    /// cycle restarts at its first stage with the new definitions. `at` defaults to the instant
    /// of the last event.
    public mutating func replaceDefinitions(
        cell: Cell, instructionSets: [InstructionSet], at: Instant? = nil
    ) -> StationOutput {
        let skillBefore = state.skill
        outbox = []
        let old = currentSet
        self.cell = cell
        self.instructionSets = instructionSets
        reconcileSelection(previous: old, at: at ?? lastEventAt)
        return output(skillBefore: skillBefore)
    }

    /// What to project for the current state.
    public var scene: Scene {
        SceneComposer.scene(for: state, cell: cell, set: currentSet)
    }

    // MARK: - Lookups

    var currentSet: InstructionSet? {
        state.instructionSet.flatMap { id in instructionSets.first { $0.id == id } }
    }

    var stages: [Stage] { currentSet?.stages(for: state.variant) ?? [] }

    func step(_ id: StepID) -> Step? { currentSet?.step(id) }

    private func output(skillBefore: WorkerSkill?) -> StationOutput {
        StationOutput(
            records: outbox, scene: scene,
            lamps: SceneComposer.lamps(for: state, cell: cell, set: currentSet),
            wakeUp: wakeUp, skill: state.skill != skillBefore ? state.skill : nil)
    }

    /// The earliest hesitation deadline of an open run, or the end of the cycle-done pause.
    var wakeUp: Instant? {
        switch state.phase {
        case .cycleDone: return state.cycleDoneAt?.adding(seconds: Self.cycleDonePause)
        case .working: return state.openRuns.compactMap(hesitationDeadline).min()
        case .idle, .choosingWork: return nil
        }
    }

    /// None after a hesitation (one per run) or after help was asked: waiting for the coach is
    /// not hesitating. An any-order group starts all its steps at once and the worker does them
    /// one after another, so a short step waiting its turn is not hesitating: the stage hesitates
    /// when nothing progressed for the hesitation factor × the longest target still open (a
    /// stage of one step: its own target). Progress keeps every open run's `lastActivity` equal.
    func hesitationDeadline(_ run: StepRun) -> Instant? {
        guard !run.hesitated, !run.helpRequested, let set = currentSet, step(run.step) != nil else { return nil }
        let seconds = longestOpenTarget * set.policy.hesitationFactor
        return seconds > 0 ? run.lastActivity.adding(seconds: seconds) : nil
    }

    /// The longest target of the current stage's steps not yet done: what may still take that long.
    var longestOpenTarget: Double {
        state.runs.lazy.filter { !$0.done }.compactMap { self.step($0.step)?.targetSeconds }.max() ?? 0
    }

    // MARK: - Records

    /// A record stamped with everything the state knows: cell, worker, set, variant, cycle.
    /// `set` names the set of a record made before one is chosen (an absence raise at login).
    mutating func log(
        _ kind: QualityRecord.Kind, at: Instant, step: StepID? = nil, level: GuidanceLevel? = nil,
        previousLevel: GuidanceLevel? = nil, duration: Double? = nil, input: InputID? = nil, detail: String? = nil,
        fault: (device: String, kind: DeviceFault.Kind)? = nil, cause: LevelChangeCause? = nil,
        set: InstructionSet? = nil
    ) {
        let set = set ?? currentSet
        var record = QualityRecord(
            at: at, kind: kind, cell: cell.id, worker: state.worker, instructionSet: set?.id,
            version: set?.version, contentHash: set?.contentHash, variant: set == nil ? nil : state.variant,
            cycle: state.phase == .working || state.phase == .cycleDone ? state.cycle : nil, step: step,
            level: level, previousLevel: previousLevel, durationSeconds: duration, input: input, detail: detail)
        record.faultDevice = fault?.device
        record.faultKind = fault?.kind
        record.reason = cause?.reason
        record.reasonCount = cause?.count
        record.reasonRatio = cause?.ratio
        outbox.append(record)
    }

    /// A level change keeps its English sentence in `detail` for readers of the text alone.
    mutating func log(_ change: LevelChange, at: Instant, set: InstructionSet? = nil) {
        log(
            .levelChanged, at: at, step: change.step, level: change.to, previousLevel: change.from,
            detail: change.cause.sentence(), cause: change.cause, set: set)
    }
}
