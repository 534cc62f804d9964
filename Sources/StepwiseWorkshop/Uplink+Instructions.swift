import Foundation
import Synchronization
import StepwiseCore
import StepwiseFormats
import StepwiseLog

/// Where a station keeps what the daemon runs: the uplink installs published sets there.
public struct StationInstructions: Sendable {
    /// The cell file: its `instruction-sets:` say which sets (and pinned versions) to fetch.
    public var cell: String
    /// The instruction folder the daemon watches and reloads between cycles.
    public var folder: String

    public init(cell: String, folder: String) {
        self.cell = cell
        self.folder = folder
    }
}

/// What the uplink remembers between contacts, so an unchanged or refused version is not fetched
/// into the folder, validated and logged again at every wake-up.
struct InstructionMemory {
    /// Per set, the content hash and version the folder holds.
    var installed: [InstructionSetID: (hash: String, version: String)] = [:]
    /// Content hashes refused on this station (validation failed): retried only after a restart.
    var refused: Set<String> = []
    /// Pins that name no published version, already logged.
    var missing: Set<InstructionSetReference> = []
    /// Re-guidance left for workers who were signed in when their version was installed.
    var waiting: [WaitingReguidance] = []
    private var lastLook: ContinuousClock.Instant?

    /// True, and the time noted, when the last look is `seconds` ago or there was none.
    mutating func due(every seconds: Double) -> Bool {
        let now = ContinuousClock.now
        if let lastLook, now - lastLook < .seconds(seconds) { return false }
        lastLook = now
        return true
    }
}

/// A new version's re-guidance for workers still signed in: applied once they sign out.
struct WaitingReguidance {
    var installed: InstalledSet
    var changes: SetChanges
    var cell: CellID
    var workers: Set<WorkerPseudonym>
}

extension Uplink {
    /// Fetches the version of each set the cell names (pinned, else the latest) and installs it
    /// when the folder holds another. A version that fails validation here is refused with its
    /// located errors; the last good file stays. Each change is logged and told to the server.
    func pullInstructions(_ store: CentralStore) async throws {
        guard let place = settings.instructions else { return }
        reguideSignedOut()
        let references: [InstructionSetReference]
        switch CellFile.setReferences(path: place.cell) {
        case .success(let found): references = found
        case .failure(let problems):
            logger.warning("uplink: cell file cannot be read, no instruction sets fetched:\n\(problems)")
            return
        }
        if instructionMemory.installed.isEmpty { instructionMemory.installed = Self.hashes(in: place.folder) }
        for reference in references {
            let fetched = Mutex<InstructionBundle?>(nil)
            try await Self.answer(within: settings.answerSeconds, from: store) {
                let bundle = try await store.published(reference.id, version: reference.version)
                fetched.withLock { $0 = bundle }
            }
            guard let bundle = fetched.withLock({ $0 }) else {
                if reference.version != nil, instructionMemory.missing.insert(reference).inserted {
                    logger.warning("uplink: \(reference) is not published; the station keeps its own file")
                }
                continue
            }
            if instructionMemory.installed[reference.id]?.hash == bundle.contentHash
                || instructionMemory.refused.contains(bundle.contentHash)
            {
                continue
            }
            let report = install(bundle, into: place)
            try await Self.answer(within: settings.answerSeconds, from: store) { try await store.report(report) }
        }
    }

    /// Installs one fetched version and re-guides the steps it changed; returns what the server is told.
    private func install(_ bundle: InstructionBundle, into place: StationInstructions) -> SetChangeReport {
        let from = instructionMemory.installed[bundle.id]?.version
        switch bundle.install(into: place.folder, cellPath: place.cell) {
        case .failure(let problems):
            instructionMemory.refused.insert(bundle.contentHash)
            logger.error("uplink: refused \(bundle.id) \(bundle.version); the last good version stays:\n\(problems)")
            return SetChangeReport(
                station: settings.station, instructionSet: bundle.id, fromVersion: from, toVersion: bundle.version,
                contentHash: bundle.contentHash, outcome: .refused, detail: problems.formatted())
        case .success(let installed):
            instructionMemory.installed[bundle.id] = (bundle.contentHash, bundle.version)
            let raised = reguide(installed)
            let steps =
                raised.isEmpty ? "" : "; changed steps re-guided: \(raised.map(\.rawValue).joined(separator: ", "))"
            logger.notice(
                "uplink: installed \(bundle.id) \(bundle.version) (was \(installed.previousVersion ?? "none"))\(steps)")
            return SetChangeReport(
                station: settings.station, instructionSet: bundle.id, fromVersion: installed.previousVersion,
                toVersion: bundle.version, contentHash: bundle.contentHash, outcome: .installed,
                changedSteps: raised)
        }
    }

    /// Lowers every worker's mastery of the changed steps in the station's log; the steps changed.
    /// Workers signed in now are done when they sign out: the daemon would overwrite their stored
    /// skill with the copy it holds for the session.
    private func reguide(_ installed: InstalledSet) -> [StepID] {
        guard let changes = installed.changes, !changes.isEmpty else { return [] }
        do {
            let cell = try CellFile.load(path: settings.instructions?.cell ?? "").get().0.id
            let log = try QualityLog(path: outbox.path)
            let signedIn = try log.signedInWorkers()
            try log.reguide(
                installed.set.id, changes: changes, policy: installed.set.policy, cell: cell,
                contentHash: installed.set.contentHash, at: Self.wallClock(), except: signedIn)
            if !signedIn.isEmpty {
                instructionMemory.waiting.append(
                    WaitingReguidance(installed: installed, changes: changes, cell: cell, workers: signedIn))
            }
        } catch {
            logger.error("uplink: \(installed.set.id) \(changes.version) installed, but re-guidance failed: \(error)")
        }
        return changes.changed.keys.sorted()
    }

    /// The waiting re-guidance of workers who have signed out since.
    func reguideSignedOut() {
        guard !instructionMemory.waiting.isEmpty else { return }
        do {
            let log = try QualityLog(path: outbox.path)
            let signedIn = try log.signedInWorkers()
            instructionMemory.waiting = try instructionMemory.waiting.compactMap { entry in
                let gone = entry.workers.subtracting(signedIn)
                guard !gone.isEmpty else { return entry }
                try log.reguide(
                    entry.installed.set.id, changes: entry.changes, policy: entry.installed.set.policy,
                    cell: entry.cell, contentHash: entry.installed.set.contentHash, at: Self.wallClock(), only: gone)
                var rest = entry
                rest.workers.subtract(gone)
                return rest.workers.isEmpty ? nil : rest
            }
        } catch {
            logger.error("uplink: re-guidance after a sign-out failed: \(error)")
        }
    }

    /// The content hash and version of each set the folder holds now.
    static func hashes(in folder: String) -> [InstructionSetID: (hash: String, version: String)] {
        Dictionary(
            Validation.validate(paths: [folder]).instructionSets.map { ($0.id, ($0.contentHash, $0.version)) },
            uniquingKeysWith: { first, _ in first })
    }
}
