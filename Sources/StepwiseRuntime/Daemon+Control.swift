import Foundation
import StepwiseCore
import StepwiseDevices
import StepwiseLog

extension Daemon {
    /// Connects the services to the station and opens everything, in the order the station
    /// needs: signals first (a SIGTERM during start-up stops cleanly), then the sources (their
    /// open faults are the first events), the stored profiles, the first frame, the timers.
    func start() throws {
        try loop.onSignals([SIGTERM, SIGINT, SIGHUP]) { [weak self] signal in
            guard let self else { return }
            if signal == SIGHUP { self.updates.reload() } else { self.loop.stop() }
        }
        updates.start { [weak self] change in self?.reloaded(change) }
        timers.start(
            .init(
                wake: { [weak self] in self?.dispatch(.deadline) },
                animate: { [weak self] due in self.map { $0.apply($0.station.animate(at: due), at: due) } },
                retryProjector: { [weak self] in
                    guard let self else { return }
                    let now = self.timers.now()
                    self.apply(self.station.retryProjector(at: now), at: now)
                }))
        signIn.onRefreshed { [weak self] answer in self?.refreshed(answer) }
        try sources.start(
            definitions: station.definitions, on: loop,
            into: .init(
                event: { [weak self] event, stamp in self?.dispatch(event, at: stamp) },
                badge: { [weak self] badge in self?.login(badge: badge) },
                stop: { [weak self] in self?.loop.stop() }))
        signIn.loadProfiles(logger: status.logger)
        let now = timers.now()
        apply(station.start(at: now), at: now)
        for fault in station.lamps.openFaults { dispatch(.fault(fault)) }
        if let fault = signIn.siteKeyFault(logger: status.logger) { dispatch(.fault(fault)) }
        status.startWatchdog(on: loop)
        updates.watchFiles()
        status.running(station.definitions)
    }

    /// Blocks SIGTERM/SIGINT/SIGHUP before any thread exists. Threads inherit the mask they are
    /// created with: without this, the log writer and PNG mirror threads (started at wiring, before
    /// `start`) leave SIGTERM deliverable, and the kernel may hand it to one of them, whose
    /// default action kills the process without draining the quality log (found by the HIL rig).
    package static func blockStopSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Reads the cell and instruction sets from `options`' files.
    static func loader(_ options: DaemonOptions) -> DefinitionsReload.Load {
        { Definitions.load(cellPath: options.cellPath, instructionsPath: options.instructionsPath) }
    }

    /// What a reload gave: new definitions replace the station's as a whole, and a fault of an
    /// earlier too-slow load clears; a load past its budget is a fault until one succeeds.
    func reloaded(_ change: DefinitionsUpdates.Change) {
        switch change {
        case .replace(let definitions):
            if changesWorkInProgress(definitions) {
                if waiting == nil { status.logger.info("new instruction sets wait for the end of this cycle") }
                waiting = definitions
                return
            }
            waiting = nil
            replace(definitions, at: timers.now())
        case .fault(let fault):
            dispatch(.fault(fault))
        }
    }

    /// A set is switched between cycles, never in the middle of one: new definitions that change
    /// the set being worked on wait (the last of them) until the cycle is done or the worker leaves.
    func changesWorkInProgress(_ new: Definitions) -> Bool {
        let state = station.machine.state
        guard state.phase == .working, let current = state.instructionSet else { return false }
        let id = { (set: InstructionSet) in set.id == current }
        return new.instructionSets.first(where: id) != station.definitions.instructionSets.first(where: id)
    }

    /// Takes the definitions that waited, once the cycle they waited for is over.
    func replaceWaiting(at now: Instant) {
        guard let definitions = waiting, !changesWorkInProgress(definitions) else { return }
        waiting = nil
        status.logger.info("cycle over: switching to the new instruction sets")
        replace(definitions, at: now)
    }

    private func replace(_ definitions: Definitions, at now: Instant) {
        if Self.needsRestart(from: station.definitions.cell.projector, to: definitions.cell.projector) {
            status.logger.warning(
                "the projector's size, format or device changed: restart stepwised to use it; the calibration is applied now"
            )
        }
        apply(station.replace(definitions, at: now), at: now)
        if station.machine.state.faults[DefinitionsUpdates.device] != nil {
            dispatch(.faultCleared(device: DefinitionsUpdates.device))
        }
    }

    /// Everything of the projector but its calibration and text height is read once, at start.
    static func needsRestart(from old: Projector, to new: Projector) -> Bool {
        var kept = new
        kept.calibration = old.calibration
        kept.minimumTextMM = old.minimumTextMM
        kept.panel = old.panel
        return kept != old
    }

    /// A badge was read: the worker signs in with what memory holds, and the log is asked
    /// after the frame (`WorkerSignIn`).
    package func login(badge: String) {
        switch signIn.login(badge: badge, sets: station.definitions.instructionSets.map(\.id)) {
        case .signedIn(let signingIn):
            dispatch(signingIn.event)
            signIn.requestRefresh(of: signingIn.worker)
        case .refused(let fault):
            dispatch(.fault(fault))
        }
    }

    /// A signed-in worker's stored profile arrived from the refresh worker: memory takes it, and
    /// the station applies a coach's change if the worker is still there.
    func refreshed(_ answer: ProfileRefresh.Answer) {
        let worker = answer.request.worker
        if let profile = signIn.refreshed(answer, sets: station.definitions.instructionSets.map(\.id)) {
            let now = timers.now()
            apply(station.adoptStored(profile, of: worker, at: now), at: now)
        }
        observer.profileRefreshed(worker)
    }
}
