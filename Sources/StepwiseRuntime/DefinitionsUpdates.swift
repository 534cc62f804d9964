import Foundation
import Logging
import StepwiseCore
import StepwiseDevices

/// New definitions while the station runs: SIGHUP, or a saved file (inotify, a burst of saves is
/// one reload). Loading runs on the reload thread (`DefinitionsReload`) with a time budget; what
/// it gave comes back on the loop as an `Outcome`. Invalid or too slow files change nothing: the
/// errors go where the engineer will look, and the station keeps the last good sets.
///
/// Owned by the event-loop thread.
final class DefinitionsUpdates {
    let reloader: DefinitionsReload
    private let status: ServiceStatus
    private unowned let loop: EventLoop
    /// The files whose folders are watched; nil: only SIGHUP reloads.
    private let watched: (cell: String, instructions: String)?
    private var watch: DefinitionWatch?
    private var settle: TimerToken?

    /// How long after the last saved file the reload starts.
    static let settleMilliseconds = 300.0
    /// The name a too-slow load is reported under.
    static let device = "definitions"

    init(
        loop: EventLoop, budget: Double, load: @escaping DefinitionsReload.Load,
        watching watched: (cell: String, instructions: String)?, status: ServiceStatus
    ) throws {
        self.loop = loop
        self.watched = watched
        self.status = status
        reloader = try DefinitionsReload(loop: loop, budget: budget, load: load)
        reloader.onWaiting = { [status] in
            status.logger.warning("reload waits: two earlier loads are still running past their budget")
        }
    }

    /// Where the loaded definitions go (set once, at wiring): the fault to raise when a load
    /// was abandoned, or the definitions to apply.
    func start(_ apply: @escaping (Change) -> Void) {
        reloader.onOutcome = { [weak self] outcome in
            guard let self else { return }
            defer { if !self.reloader.isLoading { self.status.reloaded() } }
            if let result = self.report(outcome) { apply(result) }
        }
    }

    /// What the station must do after a load.
    enum Change {
        /// Take these definitions as a whole.
        case replace(Definitions)
        /// The load was abandoned: show and log this fault.
        case fault(DeviceFault)
    }

    /// Re-reads the cell and instruction sets; the loop goes on meanwhile.
    func reload() {
        if !reloader.isLoading { status.reloading() }
        reloader.request()
    }

    /// Reloads shortly after the engineer saves a file in the cell's or the instructions' folders.
    func watchFiles() {
        guard let watched else { return }
        do {
            watch = try DefinitionWatch(
                directories: Self.folders(cellPath: watched.cell, instructionsPath: watched.instructions), loop: loop
            ) { [weak self] in self?.saved() }
        } catch {
            status.logger.warning("no automatic reload (\(error)); send SIGHUP after editing")
        }
    }

    func close() { watch?.close() }

    private func saved() {
        if let pending = settle { loop.cancel(pending) }
        settle = loop.schedule(at: MonotonicInstant.now().adding(milliseconds: Self.settleMilliseconds)) {
            [weak self] in
            self?.settle = nil
            self?.reload()
        }
    }

    /// Logs a refused or abandoned load; what the station must do with the outcome, if anything.
    private func report(_ outcome: DefinitionsReload.Outcome) -> Change? {
        switch outcome {
        case .loaded(let definitions):
            status.logger.info("reloaded: \(definitions.instructionSets.map(\.id.rawValue).joined(separator: ", "))")
            return .replace(definitions)
        case .refused(let error):
            status.logger.error("reload refused, keeping the last good instruction sets:\n\(error.report)")
            return nil
        case .abandoned(let budget):
            status.logger.error(
                "reload refused: loading the definitions took longer than \(budget) s and was abandoned; keeping the last good instruction sets (look for a very large or deeply nested file)"
            )
            // Shown on the station too: short, for whoever stands there.
            let message = "instructions not reloaded: loading took longer than \(budget) s; the previous ones stay"
            return .fault(DeviceFault(device: Self.device, kind: .storage, message: message))
        }
    }

    /// The cell's folder and the instructions' (a folder with its pictures, or a file's folder).
    static func folders(cellPath: String, instructionsPath: String) -> [String] {
        var folders = [URL(fileURLWithPath: cellPath).deletingLastPathComponent().path]
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: instructionsPath, isDirectory: &isDirectory), isDirectory.boolValue {
            folders.append(instructionsPath)
            let pictures = (instructionsPath as NSString).appendingPathComponent("pictures")
            if FileManager.default.fileExists(atPath: pictures) { folders.append(pictures) }
        } else {
            folders.append(URL(fileURLWithPath: instructionsPath).deletingLastPathComponent().path)
        }
        return Array(Set(folders))
    }
}
