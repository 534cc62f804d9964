import Logging
import StepwiseCore
import StepwiseLog

/// Badge → pseudonym → profile. The badge id becomes a pseudonym here and goes no further; the
/// worker's skills and preferences come from memory (`WorkerProfiles`), and the log is read after
/// the frame, on the refresh worker, so what a coach changed meanwhile arrives as an answer.
///
/// Owned by the event-loop thread.
final class WorkerSignIn {
    private let registry: PseudonymRegistry
    private let profiles = WorkerProfiles()
    private let store: any ProfileStore
    private let refresh: ProfileRefresh

    init(registry: PseudonymRegistry, store: any ProfileStore, refresh: ProfileRefresh) {
        self.registry = registry
        self.store = store
        self.refresh = refresh
    }

    /// Start-up: every stored profile into memory, before the first event. An unreadable log
    /// leaves memory empty (workers start at their sets' initial levels, as a new worker does);
    /// each sign-in still asks the log again.
    func loadProfiles(logger: Logger) {
        do {
            profiles.replaceAll(try store.storedProfiles())
        } catch {
            logger.warning("stored skills and preferences not loaded: \(error); each sign-in reads them afterwards")
        }
    }

    /// Start-up: says in the log what a new badge gets. A key file that is there but refused is
    /// also a fault for the station: new badges are refused (never given a pseudonym of this
    /// station alone) until the file is fixed and the daemon restarted.
    func siteKeyFault(logger: Logger) -> DeviceFault? {
        switch registry.newBadges {
        case .drawn:
            logger.info("no site key: new badges get pseudonyms of this station only")
        case .keyed(let key):
            logger.info("site key \(key.fingerprint): new badges get the site's pseudonyms")
        case .refused(let error):
            let refused = PseudonymUnavailable.siteKeyRefused(error)
            logger.error("\(refused)")
            return DeviceFault(device: "pseudonyms", kind: .storage, message: "\(refused)")
        }
        return nil
    }

    /// The login event for `badge`, with the worker's skills in `sets` and their preferences;
    /// a pseudonym table that cannot be used is a fault.
    func login(badge: String, sets: [InstructionSetID]) -> Login {
        do {
            let worker = try registry.pseudonym(forBadge: badge)
            return .signedIn(SignIn(worker: worker, profile: profiles.profile(of: worker, sets: sets)))
        } catch {
            return .refused(DeviceFault(device: "pseudonyms", kind: .storage, message: "\(error)"))
        }
    }

    enum Login {
        case signedIn(SignIn)
        /// The pseudonym table cannot be used.
        case refused(DeviceFault)
    }

    /// A worker who signed in and what memory holds for them.
    struct SignIn {
        var worker: WorkerPseudonym
        var profile: StoredProfile
        var event: StationEvent { .login(worker, skills: profile.skills) }
    }

    /// The preferences memory holds for `worker` (a login that came without a badge: a replayed trace).
    func preferences(of worker: WorkerPseudonym) -> WorkerPreferences {
        profiles.profile(of: worker, sets: []).preferences ?? .standard
    }

    /// After the sign-in's frame: asks the log for what a coach may have changed.
    func requestRefresh(of worker: WorkerPseudonym) {
        refresh.request(.init(worker: worker, saves: profiles.saveCount(of: worker)))
    }

    /// The station handed `skill` to the log; memory keeps it too.
    func saved(_ skill: WorkerSkill) { profiles.saved(skill) }

    /// The answers of the refresh worker, on the loop thread (set once, at wiring).
    func onRefreshed(_ apply: @escaping (ProfileRefresh.Answer) -> Void) { refresh.onAnswer = apply }

    /// Memory takes a stored profile that arrived; returns what the station should adopt for
    /// `worker` in `sets`, or nil when the log could not be read.
    func refreshed(_ answer: ProfileRefresh.Answer, sets: [InstructionSetID]) -> StoredProfile? {
        guard let stored = answer.profile else { return nil }
        let worker = answer.request.worker
        profiles.refreshed(worker, from: stored, afterSaves: answer.request.saves)
        return profiles.profile(of: worker, sets: sets)
    }

    /// Stops the refresh worker (before the log writer closes).
    func close() { refresh.close() }
}
