import Logging
import StepwiseCore
import StepwiseDevices

/// What systemd and the journal learn about the service: READY, RELOADING, STOPPING and the
/// status line through the notify socket, the watchdog ping from the loop itself (so a stuck
/// loop is restarted), and the lines an engineer reads in the journal.
///
/// Owned by the event-loop thread.
final class ServiceStatus {
    let logger: Logger
    private let notifier: SystemdNotifier

    init(notifier: SystemdNotifier, logger: Logger) {
        self.notifier = notifier
        self.logger = logger
    }

    /// Pings the watchdog from a loop timer at half its interval; nothing without a watchdog.
    func startWatchdog(on loop: EventLoop) {
        guard let interval = notifier.watchdogInterval else { return }
        let notifier = self.notifier
        func beat() {
            notifier.watchdog()
            _ = loop.schedule(at: MonotonicInstant.now().adding(seconds: interval)) { beat() }
        }
        beat()
    }

    /// The station runs: READY=1 (only now: hardware open, definitions valid) and what it runs.
    func running(_ definitions: Definitions) {
        notifier.ready()
        notifier.status("station \(definitions.cell.id): \(definitions.instructionSets.count) instruction sets")
        logger.info("stepwised running: cell \(definitions.cell.id)")
    }

    func reloading() { notifier.reloading() }

    /// A reload ended (applied or not): the service is ready again.
    func reloaded() { notifier.ready() }

    func stopping() { notifier.stopping() }

    /// A screen the driver would not unblank or pan stays black or tears: say so where the engineer
    /// looks, at start and when a projector that was missing is opened.
    func projectorOpened(warnings: [DeviceError]) {
        for warning in warnings { logger.warning("projector: \(warning)") }
    }
}
