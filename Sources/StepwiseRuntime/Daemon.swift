import CLinuxShims
import Foundation
import Logging
import StepwiseCore
import StepwiseDevices
import StepwiseLog
import StepwiseRender

/// `stepwised`: one event loop on one thread drives the station. Sensors, keys, replay, timers
/// and signals are descriptors in the loop; the log and the PNG mirror work on their own threads.
public final class Daemon {
    let options: DaemonOptions
    let logger: Logger
    let loop: EventLoop
    let station: StationRuntime
    let writer: QualityLogWriter
    let registry: PseudonymRegistry
    /// From the environment; tests put their own socket here before `runLoop`.
    var notifier = SystemdNotifier()
    let mirror: PNGMirror?
    let faults: FaultInbox
    /// Stored skills and preferences in memory: a badge login reads no SQLite on this thread.
    let profiles = WorkerProfiles()
    let profileStore: any ProfileStore
    let refresh: ProfileRefresh
    /// Called after a signed-in worker's stored profile was read and applied (tests).
    var onProfileRefreshed: ((WorkerPseudonym) -> Void)?
    var sensors: SensorInputs
    var wakeTimer: TimerToken?
    /// The renderer's next animation frame (attention pulse); armed only while something animates.
    var animationTimer: TimerToken?
    var console: ConsoleKeys?
    var replay: Replay?
    var definitionWatch: DefinitionWatch?
    /// Loads the definitions off the loop for SIGHUP and saved files.
    var reloader: DefinitionsReload?
    /// Replaces reading the files on reload (tests: a slow parse).
    var loadDefinitions: DefinitionsReload.Load?
    var reloadTimer: TimerToken?
    var projectorRetry: TimerToken?
    /// Runs faster during a sped-up replay, so the guidance model sees the recorded tempo.
    let clock: StationClock
    /// Called after each event has gone through the station (the render benchmark's probe).
    var onDispatched: ((StationEvent) -> Void)?
    /// Print each record for the person at the demo console; the benchmark turns it off.
    var echoesRecords = true

    /// `edges` replaces the cell's GPIO lines (the render benchmark's pipes); nil in production.
    /// `profiles` replaces the quality log as the source of stored skills and preferences (tests).
    init(
        options: DaemonOptions, definitions: Definitions, logger: Logger, edges: (any EdgeSource)? = nil,
        profiles store: (any ProfileStore)? = nil
    ) throws {
        self.options = options
        self.logger = logger
        loop = try EventLoop()
        // A log unusable at start is a fault the writer reports and heals, not a reason not to start.
        let qualityLog = try? QualityLog(path: options.databasePath)
        registry = PseudonymRegistry.openingWhenPossible(path: options.pseudonymsPath)
        let inbox = try FaultInbox(loop: loop)
        faults = inbox
        let writer = QualityLogWriter(
            path: options.databasePath, log: qualityLog,
            spill: options.spillDirectory.map {
                SpillFile(directory: $0, logPath: options.databasePath)
            }, onFault: { message in inbox.post(logWriterFault: message) })
        self.writer = writer
        profileStore = store ?? QualityLogProfiles(path: options.databasePath, opened: qualityLog)
        refresh = try ProfileRefresh(store: profileStore, loop: loop, settle: { writer.flush() })
        let cellDirectory = URL(fileURLWithPath: options.cellPath).deletingLastPathComponent().path
        station = try StationRuntime(
            definitions: definitions, baseDirectory: cellDirectory, writer: writer,
            lamps: LampOutputs(cell: definitions.cell))
        let (width, height) = (definitions.cell.projector.width, definitions.cell.projector.height)
        mirror = options.mirrorPath.map { PNGMirror(path: $0, width: width, height: height) }
        clock = StationClock(speed: options.replayPath == nil ? 1 : options.replaySpeed)
        sensors = SensorInputs(cell: definitions.cell, instructionSets: definitions.instructionSets, edges: edges)
    }

    /// Loads the definitions and runs until SIGTERM/SIGINT; returns the process exit code.
    public static func run(options: DaemonOptions, logger: Logger) -> Int32 {
        blockStopSignals()
        stepwise_line_buffer_stdout()
        let logLock: DaemonLock?
        do { logLock = try lockLog(options, logger: logger) } catch {
            FileHandle.standardError.write(Data("stepwised: \(error)\n".utf8))
            return 1
        }
        let definitions: Definitions
        switch DefinitionsReload.loadAtStart(
            budget: options.reloadBudgetSeconds,
            load: {
                Definitions.load(cellPath: options.cellPath, instructionsPath: options.instructionsPath)
            })
        {
        case .success(let loaded): definitions = loaded
        case .failure(let error):
            FileHandle.standardError.write(Data("\(error.report)\nstepwised: not started: fix the errors above\n".utf8))
            return 1
        }
        do {
            let cellLock = try lockCell(definitions.cell.id.rawValue, options, logger: logger)
            let daemon = try Daemon(options: options, definitions: definitions, logger: logger)
            return withExtendedLifetime((logLock, cellLock)) { daemon.runLoop() }
        } catch {
            FileHandle.standardError.write(Data("stepwised: \(error)\n".utf8))
            return 1
        }
    }

    func runLoop() -> Int32 {
        do {
            try installSignals()
            try startSources()
        } catch {
            logger.critical("cannot start: \(error)")
            return 1
        }
        // The mirror copies only what changed; it encodes on its own thread.
        station.onPresented = { [mirror] renderer, damage in mirror?.submit(renderer, damage: damage) }
        station.onOutput = { [weak self] output in
            guard let self else { return }
            if let skill = output.skill { self.profiles.saved(skill) }
            if self.echoesRecords { self.echo(output) }
        }
        station.preferencesOf = { [weak self] worker in
            self?.profiles.profile(of: worker, sets: []).preferences ?? .standard
        }
        loadProfiles()
        refresh.onAnswer = { [weak self] answer in self?.refreshed(answer) }
        station.start(at: clock.now())
        logProjectorWarnings()
        for fault in station.lamps.openFaults { station.handle(.fault(fault), at: clock.now()) }
        armWakeUp()
        armProjectorRetry()
        startWatchdog()
        watchDefinitions()
        notifier.ready()
        notifier.status(
            "station \(station.definitions.cell.id): \(station.definitions.instructionSets.count) instruction sets")
        logger.info("stepwised running: cell \(station.definitions.cell.id)")
        loop.run()
        notifier.stopping()
        return shutdown()
    }

    /// Feeds one event at `time` (wall clock) and re-arms the machine's deadline.
    func dispatch(_ event: StationEvent, at time: Instant? = nil) {
        station.handle(event, at: time ?? clock.now())
        armWakeUp()
        armProjectorRetry()
        onDispatched?(event)
    }

    /// While the projector is missing, try to open it again every few seconds (a deadline timer
    /// that exists only during the fault); once back it gets the whole frame and the fault clears.
    func armProjectorRetry() {
        guard station.surface.isFailed, projectorRetry == nil else { return }
        projectorRetry = loop.schedule(at: MonotonicInstant.now().adding(seconds: Self.projectorRetrySeconds)) {
            [weak self] in
            guard let self else { return }
            self.projectorRetry = nil
            self.station.retryProjector(at: self.clock.now())
            if !self.station.surface.isFailed { self.logProjectorWarnings() }
            self.armWakeUp()
            self.armProjectorRetry()
        }
    }

    static let projectorRetrySeconds = 3.0

    /// A screen the driver would not unblank or pan stays black or tears: say so where the engineer
    /// looks, at start and when a projector that was missing is opened.
    func logProjectorWarnings() {
        for warning in station.surface.warnings { logger.warning("projector: \(warning)") }
    }

    func armWakeUp() {
        armAnimation()
        if let token = wakeTimer { loop.cancel(token) }
        wakeTimer = nil
        guard let wake = station.wakeUp else { return }
        wakeTimer = loop.schedule(at: clock.deadline(for: wake)) { [weak self] in
            self?.wakeTimer = nil
            self?.dispatch(.deadline)
        }
    }

    /// The log is drained first: should closing a device hang (seen once under emulation with
    /// a USB gadget attached), no record is lost when systemd's stop timeout ends the process.
    /// Exits non-zero when records were lost, so systemd records it.
    private func shutdown() -> Int32 {
        refresh.close()
        let written = writer.close()
        mirror?.close()
        if written.isComplete {
            logger.info("\(written.summary); the event loop woke \(loop.iterations) times")
        } else {
            logger.error("\(written.summary)")
        }
        console?.close()
        definitionWatch?.close()
        station.lamps.close()
        sensors.close()
        logger.info("stepwised stopped")
        return written.isComplete ? 0 : 1
    }
}
