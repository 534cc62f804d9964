/// Help, hesitation and device faults: the station comes to the worker, calmly.
extension StationMachine {
    /// Always honoured: logged as help (never as an error), full guidance for the open steps
    /// for the rest of this run, and the "help is coming" cue.
    mutating func help(at: Instant) {
        let open = state.phase == .working ? state.runs.indices.filter { !state.runs[$0].done } : []
        for i in open {
            state.runs[i].helpRequested = true
            state.runs[i].transientLevel = GuidanceModel.helpLevel
        }
        if state.phase == .working { state.helpThisCycle = true }
        let first = open.first.map { state.runs[$0].step }
        log(
            .help, at: at, step: first,
            level: first.flatMap { id in currentSet.map { state.shownLevel(of: id, in: $0) } })
        state.cue = .helpComing
    }

    /// After help in this cycle, a new stage shows full guidance too: the worker's "more help"
    /// wins for the whole cycle, over lock and ceiling, and each raise is logged.
    mutating func keepHelpForTheCycle(at: Instant) {
        guard state.helpThisCycle, let set = currentSet else { return }
        for i in state.runs.indices where !state.runs[i].done {
            let shown = state.shownLevel(of: state.runs[i].step, in: set)
            state.runs[i].transientLevel = GuidanceModel.helpLevel
            guard shown != GuidanceModel.helpLevel else { continue }
            let change = LevelChange(
                step: state.runs[i].step, from: shown, to: GuidanceModel.helpLevel,
                cause: LevelChangeCause(.helpInCycle))
            log(change, at: at)
        }
    }

    /// A deadline: hesitation for open runs past their time, or the end of the cycle-done pause.
    mutating func deadline(at: Instant) {
        switch state.phase {
        case .cycleDone:
            guard let due = wakeUp, at >= due else { return }
            startCycle(at: at)
        case .working:
            hesitate(at: at)
        case .idle, .choosingWork:
            return
        }
    }

    private mutating func hesitate(at: Instant) {
        guard let set = currentSet else { return }
        let controls = state.skill?.controls ?? CoachControls()
        for i in state.runs.indices where !state.runs[i].done {
            guard let due = hesitationDeadline(state.runs[i]), at >= due else { continue }
            let id = state.runs[i].step
            let shown = state.shownLevel(of: id, in: set)
            state.runs[i].hesitated = true
            state.runs[i].transientLevel = GuidanceModel.transientRaise(from: shown, controls: controls)
            log(.hesitation, at: at, step: id, level: state.runs[i].transientLevel)
            state.cue = .lookHere
        }
    }

    /// The station keeps working: the fault is shown and logged, guidance goes to full while
    /// sensing is degraded, and the confirm button finishes steps.
    mutating func raiseFault(_ fault: DeviceFault, at: Instant) {
        state.faults.raise(fault)
        log(.fault, at: at, detail: fault.message, fault: (fault.device, fault.kind))
    }

    mutating func clearFault(_ device: String, at: Instant) {
        guard let kind = state.faults[device]?.kind, state.faults.clear(device) else { return }
        // The device stays in `detail` too, for readers of the text alone.
        log(.faultCleared, at: at, detail: device, fault: (device, kind))
    }
}
