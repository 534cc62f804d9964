import Foundation
import StepwiseCore
import StepwiseDevices
import StepwiseLog

extension Daemon {
    /// SIGTERM/SIGINT stop cleanly (the log is drained); SIGHUP reloads the definitions.
    func installSignals() throws {
        try prepareReload()
        try loop.onSignals([SIGTERM, SIGINT, SIGHUP]) { [weak self] signal in
            guard let self else { return }
            if signal == SIGHUP { self.reload() } else { self.loop.stop() }
        }
    }

    /// Blocks SIGTERM/SIGINT/SIGHUP before any thread exists. Threads inherit the mask they are
    /// created with: without this, the log writer and PNG mirror threads (started in `init`, before
    /// `installSignals`) leave SIGTERM deliverable, and the kernel may hand it to one of them, whose
    /// default action kills the process without draining the quality log (found by the HIL rig).
    static func blockStopSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Re-reads the cell and instruction sets on the reload thread (see `DefinitionsReload`); the
    /// loop goes on meanwhile, and `reloaded` applies what comes back.
    func reload() {
        guard let reloader else { return }
        if !reloader.isLoading { notifier.reloading() }
        reloader.request()
    }

    /// Wires the reload thread to the loop; the first SIGHUP or saved file uses it.
    func prepareReload() throws {
        let options = self.options
        let load =
            loadDefinitions ?? {
                Definitions.load(cellPath: options.cellPath, instructionsPath: options.instructionsPath)
            }
        let reloader = try DefinitionsReload(loop: loop, budget: options.reloadBudgetSeconds, load: load)
        reloader.onOutcome = { [weak self] outcome in self?.reloaded(outcome) }
        reloader.onWaiting = { [weak self] in
            self?.logger.warning("reload waits: two earlier loads are still running past their budget")
        }
        self.reloader = reloader
    }

    /// What a load gave. Invalid or too slow files change nothing: the station keeps the last good
    /// sets and the errors are printed where the engineer will look; a load past its budget is
    /// also a fault on the station until a load succeeds.
    func reloaded(_ outcome: DefinitionsReload.Outcome) {
        defer { if reloader?.isLoading != true { notifier.ready() } }
        switch outcome {
        case .loaded(let definitions):
            let old = station.definitions.cell.projector, new = definitions.cell.projector
            if (old.width, old.height, old.pixelFormat, old.stride, old.target) != (
                new.width, new.height, new.pixelFormat, new.stride, new.target
            ) {
                logger.warning(
                    "the projector's size, format or device changed: restart stepwised to use it; the calibration is applied now"
                )
            }
            station.replace(definitions, at: clock.now())
            if station.machine.state.faults[Self.definitionsDevice] != nil {
                station.handle(.faultCleared(device: Self.definitionsDevice), at: clock.now())
            }
            armWakeUp()
            logger.info("reloaded: \(definitions.instructionSets.map(\.id.rawValue).joined(separator: ", "))")
        case .refused(let error):
            logger.error("reload refused, keeping the last good instruction sets:\n\(error.report)")
        case .abandoned(let budget):
            logger.error(
                "reload refused: loading the definitions took longer than \(budget) s and was abandoned; keeping the last good instruction sets (look for a very large or deeply nested file)"
            )
            // Shown on the station too: short, for whoever stands there.
            let message = "instructions not reloaded: loading took longer than \(budget) s; the previous ones stay"
            dispatch(.fault(DeviceFault(device: Self.definitionsDevice, kind: .storage, message: message)))
        }
    }

    /// The name a too-slow load is reported under.
    static let definitionsDevice = "definitions"

    /// Reloads shortly after the engineer saves a definition file; a burst of saves is one reload.
    func watchDefinitions() {
        guard options.watchFiles else { return }
        var folders = [URL(fileURLWithPath: options.cellPath).deletingLastPathComponent().path]
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: options.instructionsPath, isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            folders.append(options.instructionsPath)
            let pictures = (options.instructionsPath as NSString).appendingPathComponent("pictures")
            if FileManager.default.fileExists(atPath: pictures) { folders.append(pictures) }
        } else {
            folders.append(URL(fileURLWithPath: options.instructionsPath).deletingLastPathComponent().path)
        }
        do {
            definitionWatch = try DefinitionWatch(directories: Array(Set(folders)), loop: loop) { [weak self] in
                guard let self else { return }
                if let pending = self.reloadTimer { self.loop.cancel(pending) }
                self.reloadTimer = self.loop.schedule(at: MonotonicInstant.now().adding(milliseconds: 300)) {
                    [weak self] in
                    self?.reloadTimer = nil
                    self?.reload()
                }
            }
        } catch {
            logger.warning("no automatic reload (\(error)); send SIGHUP after editing")
        }
    }

    /// Asks systemd's watchdog to keep us alive from the event loop itself, so a stuck loop is restarted.
    func startWatchdog() {
        guard let interval = notifier.watchdogInterval else { return }
        func beat() {
            notifier.watchdog()
            _ = loop.schedule(at: MonotonicInstant.now().adding(seconds: interval)) { beat() }
        }
        beat()
    }

    /// A badge was read: the id becomes a pseudonym here and goes no further. The worker's skills
    /// and preferences come from memory (`WorkerProfiles`); the log is read after the frame, on
    /// the refresh thread, and what a coach changed meanwhile is applied when it arrives.
    func login(badge: String) {
        do {
            let worker = try registry.pseudonym(forBadge: badge)
            let sets = station.definitions.instructionSets.map(\.id)
            dispatch(.login(worker, skills: profiles.profile(of: worker, sets: sets).skills))
            refresh.request(.init(worker: worker, saves: profiles.saveCount(of: worker)))
        } catch {
            dispatch(.fault(DeviceFault(device: "pseudonyms", kind: .storage, message: "\(error)")))
        }
    }

    /// Start-up: every stored profile into memory, before the first event. An unreadable log
    /// leaves memory empty (workers start at their sets' initial levels, as a new worker does);
    /// each sign-in still asks the log again.
    func loadProfiles() {
        do {
            profiles.replaceAll(try profileStore.storedProfiles())
        } catch {
            logger.warning("stored skills and preferences not loaded: \(error); each sign-in reads them afterwards")
        }
    }

    /// A signed-in worker's stored profile arrived from the refresh thread: memory takes it, and the
    /// station applies a coach's change if the worker is still there.
    func refreshed(_ answer: ProfileRefresh.Answer) {
        let worker = answer.request.worker
        if let stored = answer.profile {
            profiles.refreshed(worker, from: stored, afterSaves: answer.request.saves)
            let sets = station.definitions.instructionSets.map(\.id)
            station.adoptStored(profiles.profile(of: worker, sets: sets), of: worker, at: clock.now())
            armWakeUp()
        }
        onProfileRefreshed?(worker)
    }

    /// What happened, for the person watching the demo console (pseudonyms only).
    func echo(_ output: StationOutput) {
        for record in output.records { print(RecordFormat.textLine(record)) }
    }
}
