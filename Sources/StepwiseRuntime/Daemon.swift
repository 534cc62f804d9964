import CLinuxShims
import Foundation
import Logging
import StepwiseCore
import StepwiseDevices
import StepwiseLog

/// `stepwised`: one event loop on one thread drives the station. The daemon routes what its
/// services produce (sources, sign-ins, reloads, timers) into the station and performs each
/// `StationStep` it gets back; it holds the services, each with one job, and nothing else.
/// Built by `Daemon.assemble`, the one wiring function (the executable, tests and benchmark call it).
public final class Daemon {
    package let loop: EventLoop
    /// The station core: machine, renderer, projector, lamps, log hand-off.
    let station: StationRuntime
    let timers: StationTimers
    let signIn: WorkerSignIn
    let sources: StationSources
    let updates: DefinitionsUpdates
    let status: ServiceStatus
    let observer: any StationObserver
    /// Definitions that change the set a worker is in the middle of: they wait for the cycle's end.
    var waiting: Definitions?

    init(
        loop: EventLoop, station: StationRuntime, timers: StationTimers, signIn: WorkerSignIn,
        sources: StationSources, updates: DefinitionsUpdates, status: ServiceStatus, observer: any StationObserver
    ) {
        self.loop = loop
        self.station = station
        self.timers = timers
        self.signIn = signIn
        self.sources = sources
        self.updates = updates
        self.status = status
        self.observer = observer
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
        switch DefinitionsReload.loadAtStart(budget: options.reloadBudgetSeconds, load: Self.loader(options)) {
        case .success(let loaded): definitions = loaded
        case .failure(let error):
            FileHandle.standardError.write(Data("\(error.report)\nstepwised: not started: fix the errors above\n".utf8))
            return 1
        }
        do {
            let cellLock = try lockCell(definitions.cell.id.rawValue, options, logger: logger)
            let daemon = try assemble(options: options, definitions: definitions, logger: logger)
            return withExtendedLifetime((logLock, cellLock)) { daemon.runLoop() }
        } catch {
            FileHandle.standardError.write(Data("stepwised: \(error)\n".utf8))
            return 1
        }
    }

    /// Starts the services, runs the loop until it is stopped, then drains the log.
    package func runLoop() -> Int32 {
        do { try start() } catch {
            status.logger.critical("cannot start: \(error)")
            return 1
        }
        loop.run()
        status.stopping()
        return shutdown()
    }

    /// Feeds one event; `stamp` is when it happened (a kernel stamp), nil for now.
    package func dispatch(_ event: StationEvent, at stamp: MonotonicInstant? = nil) {
        feed(event, at: stamp.map(timers.clock.instant(at:)) ?? timers.now())
    }

    /// One event and what must follow it (a failed present's fault), each a step of its own:
    /// fed here one after the other, never from inside the station.
    func feed(_ first: StationEvent, at now: Instant) {
        var next: StationEvent? = first
        while let event = next {
            var preferences: WorkerPreferences?
            if case .login(let worker, _) = event { preferences = signIn.preferences(of: worker) }
            next = perform(station.handle(event, at: now, preferences: preferences), for: event)
        }
        replaceWaiting(at: now)
    }

    /// A step that was not an event (start, reload, refresh, animation, retry), then what follows it.
    func apply(_ step: StationStep, at now: Instant) {
        if let next = perform(step, for: nil) { feed(next, at: now) } else { replaceWaiting(at: now) }
    }

    /// Does what `step` asks of the loop; returns the event it says must follow.
    private func perform(_ step: StationStep, for event: StationEvent?) -> StationEvent? {
        if let skill = step.skill { signIn.saved(skill) }
        timers.arm(step)
        if case .opened(let warnings) = step.projector { status.projectorOpened(warnings: warnings) }
        observer.stepped(step, for: event)
        return step.next
    }

    /// The log is drained first: should closing a device hang (seen once under emulation with
    /// a USB gadget attached), no record is lost when systemd's stop timeout ends the process.
    /// Exits non-zero when records were lost, so systemd records it.
    private func shutdown() -> Int32 {
        signIn.close()
        let written = station.writer.close()
        station.mirror?.close()
        if written.isComplete {
            status.logger.info("\(written.summary); the event loop woke \(loop.iterations) times")
        } else {
            status.logger.error("\(written.summary)")
        }
        updates.close()
        station.lamps.close()
        sources.close()
        status.logger.info("stepwised stopped")
        return written.isComplete ? 0 : 1
    }
}
