import Foundation
import Logging
import StepwiseCore
import StepwiseDevices
import StepwiseLog
import StepwiseRender

/// What stands in for the real thing when the daemon is assembled: all nil in `stepwised`; tests
/// and the benchmark pass their fakes here, never into the services after they are built.
struct DaemonParts {
    /// Replaces the cell's GPIO lines (the benchmark's pipes).
    var edges: (any EdgeSource)?
    /// Replaces the quality log as the source of stored skills and preferences.
    var profiles: (any ProfileStore)?
    /// Replaces reading the files on reload (a gated, slow parse).
    var loadDefinitions: DefinitionsReload.Load?
    /// Sees every step; default: the records echoed on standard output.
    var observer: (any StationObserver)?
    /// Replaces the notifier the environment describes (a test's socket and watchdog).
    var notifier: SystemdNotifier?
    /// Replaces the system's monotonic and wall clocks.
    var clocks: StationClock.Readings?
}

extension Daemon {
    /// The one wiring function: builds every service of the daemon for `options` and `definitions`
    /// and connects them through the daemon. `stepwised`, the tests and the benchmark all call it.
    static func assemble(
        options: DaemonOptions, definitions: Definitions, logger: Logger, parts: DaemonParts = .init()
    ) throws -> Daemon {
        let loop = try EventLoop()
        // A log unusable at start is a fault the writer reports and heals, not a reason not to start.
        let qualityLog = try? QualityLog(path: options.databasePath)
        let faults = try FaultInbox(loop: loop)
        let registry = PseudonymRegistry.openingWhenPossible(
            path: options.pseudonymsPath, newBadges: .atStart(keyPath: options.siteKeyPath))
        try faults.watch(registry, on: loop)
        let spill = options.spillDirectory.map { SpillFile(directory: $0, logPath: options.databasePath) }
        let writer = QualityLogWriter(
            path: options.databasePath, log: qualityLog, spill: spill,
            onFault: { message in faults.post(logWriterFault: message) })
        let store =
            parts.profiles
            ?? QualityLogProfiles(
                path: options.databasePath, opened: qualityLog, centralWait: .seconds(options.centralWaitSeconds))
        let signIn = WorkerSignIn(
            registry: registry, store: store,
            refresh: try ProfileRefresh(store: store, loop: loop, settle: { writer.flush() }))
        // A sped-up replay runs station time faster, so the guidance model sees the recorded tempo.
        let clock = StationClock(
            speed: options.replayPath == nil ? 1 : options.replaySpeed, readings: parts.clocks ?? .system)
        let projector = definitions.cell.projector
        let station = try StationRuntime(
            definitions: definitions,
            baseDirectory: URL(fileURLWithPath: options.cellPath).deletingLastPathComponent().path, writer: writer,
            lamps: LampOutputs(cell: definitions.cell),
            mirror: options.mirrorPath.map { PNGMirror(path: $0, width: projector.width, height: projector.height) },
            clock: clock)
        let status = ServiceStatus(notifier: parts.notifier ?? SystemdNotifier(), logger: logger)
        let updates = try DefinitionsUpdates(
            loop: loop, budget: options.reloadBudgetSeconds, load: parts.loadDefinitions ?? loader(options),
            watching: options.watchFiles ? (options.cellPath, options.instructionsPath) : nil, status: status)
        let sensors = SensorInputs(
            cell: definitions.cell, instructionSets: definitions.instructionSets, edges: parts.edges)
        return Daemon(
            loop: loop, station: station, timers: StationTimers(clock: clock, loop: loop), signIn: signIn,
            sources: StationSources(sensors: sensors, faults: faults, options: options), updates: updates,
            status: status, observer: parts.observer ?? RecordEcho())
    }
}

extension Daemon {
    /// The benchmark's wiring (`StepwiseBench`): its pipes for the GPIO lines, its probe for every
    /// step and every sensor observation; everything else as `stepwised` has it.
    package static func assemble(
        options: DaemonOptions, definitions: Definitions, logger: Logger, edges: any EdgeSource,
        observer: any StationObserver, onObservation: @escaping (SensorObservation) -> Void
    ) throws -> Daemon {
        let daemon = try assemble(
            options: options, definitions: definitions, logger: logger,
            parts: DaemonParts(edges: edges, observer: observer))
        daemon.sources.sensors.onObservation = onObservation
        return daemon
    }
}
