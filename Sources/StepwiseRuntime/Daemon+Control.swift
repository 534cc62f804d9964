import Foundation
import StepwiseCore
import StepwiseDevices
import StepwiseLog

extension Daemon {
    /// SIGTERM/SIGINT stop cleanly (the log is drained); SIGHUP reloads the definitions.
    func installSignals() throws {
        try loop.onSignals([SIGTERM, SIGINT, SIGHUP]) { [weak self] signal in
            guard let self else { return }
            if signal == SIGHUP { self.reload() } else { self.loop.stop() }
        }
    }

    /// Re-reads the cell and instruction sets. Invalid files change nothing: the station keeps
    /// the last good sets and the errors are printed where the engineer will look.
    func reload() {
        notifier.reloading()
        defer { notifier.ready() }
        switch Definitions.load(cellPath: options.cellPath, instructionsPath: options.instructionsPath) {
        case .success(let definitions):
            station.replace(definitions, at: clock.now())
            armWakeUp()
            logger.info("reloaded: \(definitions.instructionSets.map(\.id.rawValue).joined(separator: ", "))")
        case .failure(let error):
            logger.error("reload refused, keeping the last good instruction sets:\n\(error.report)")
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

    /// A badge was read: the id becomes a pseudonym here and goes no further.
    func login(badge: String) {
        do {
            let worker = try registry.pseudonym(forBadge: badge)
            let skills = station.definitions.instructionSets.compactMap {
                try? qualityLog.loadSkill(worker: worker, instructionSet: $0.id)
            }
            dispatch(.login(worker, skills: skills))
        } catch {
            dispatch(.fault(DeviceFault(device: "pseudonyms", kind: .storage, message: "\(error)")))
        }
    }

    /// What happened, for the person watching the demo console (pseudonyms only).
    func echo(_ output: StationOutput) {
        for record in output.records { print(RecordFormat.textLine(record)) }
    }
}
