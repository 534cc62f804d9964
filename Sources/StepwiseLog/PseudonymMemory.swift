import StepwiseCore

/// The registry's table in memory, shared by the event thread (look-ups) and the worker (stores
/// and reads) under the work's lock. A value, so its rules are tested without threads.
struct PseudonymMemory {
    /// Spares kept reserved on disk, so a burst of new badges is answered without a draw.
    static let spareCount = 4
    private static let maxDraws = 1_000

    /// The file's stamp when it was last read; a different one means another writer.
    var stamp: FileStamp?
    var bindings: [String: String] = [:]
    /// Reserved on disk and free: handed to new badges first.
    var spares: [String] = []
    /// Every pseudonym bound, spare or retired: never drawn again.
    var taken: Set<String> = []
    /// Handed out in memory, not stored yet, oldest first.
    var unsaved: [(badge: String, pseudonym: String)] = []
    /// Why look-ups cannot be answered (the file not open, or not openable).
    var unavailable: PseudonymUnavailable?
    /// What a new badge gets: a spare or a draw, or the site's keyed pseudonym.
    var newBadges: NewBadgePseudonyms = .drawn
    var reloadRequested = false
    /// The last run's spares are retired: spares on disk are this run's and may be handed out.
    var sparesRetired = false
    /// The worker is storing or reading: the stamp may change under it.
    var writing = false
    /// The last fault shown is not over.
    var failing = false
    /// The last attempt failed (`flush` stops waiting).
    var lastAttemptFailed = false
    /// A fault was shown (by a failed look-up or the worker): say when it is over.
    var faultShown = false
    var fileReads = 0

    /// What the worker stores next.
    struct Job {
        var bindings: [(badge: String, pseudonym: String)]
        var retireSpares: Bool
        /// A look-up failed and showed a fault: a failure of this job is one too.
        var asked: Bool
    }

    /// The event thread's look-up; `wake` when the worker has something to do.
    mutating func lookUp(_ badge: String, stamp: FileStamp?) -> (answer: Result<WorkerPseudonym, any Error>, wake: Bool)
    {
        if let unavailable {
            reloadRequested = true
            faultShown = true
            return (.failure(unavailable), true)
        }
        // While the worker writes, the change is its own; otherwise another program wrote.
        if stamp != self.stamp && !writing {
            reloadRequested = true
            faultShown = true
            return (.failure(PseudonymUnavailable.tableChanged), true)
        }
        if let known = bindings[badge] { return (.success(WorkerPseudonym(known)), false) }
        let pseudonym: String
        switch newPseudonym(for: badge) {
        case .success(let new): pseudonym = new
        case .failure(let error): return (.failure(error), false)
        }
        bindings[badge] = pseudonym
        taken.insert(pseudonym)
        unsaved.append((badge, pseudonym))
        return (.success(WorkerPseudonym(pseudonym)), true)
    }

    /// A pseudonym for a badge not bound yet: the site's keyed one, else a spare, else a draw.
    private mutating func newPseudonym(for badge: String) -> Result<String, any Error> {
        switch newBadges {
        case .refused(let error): return .failure(PseudonymUnavailable.siteKeyRefused(error))
        case .keyed(let key):
            let keyed = key.pseudonym(forBadge: badge).rawValue
            // Two badges on one keyed pseudonym would merge two workers' records; with 48 bits
            // that takes millions of workers, and then the second badge draws one of its own.
            if !bindings.values.contains(keyed) { return .success(keyed) }
        case .drawn: break
        }
        if let index = spares.firstIndex(where: { !PseudonymDraw.shows(badge, in: $0) }) {
            return .success(spares.remove(at: index))
        }
        // No spare fits: a fresh one, reserved on disk only with its binding.
        if let drawn = draw(avoiding: badge) { return .success(drawn) }
        return .failure(LogError.noFreePseudonym(attempts: Self.maxDraws))
    }

    private func draw(avoiding badge: String) -> String? {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<Self.maxDraws {
            let candidate = PseudonymDraw.candidate(&generator)
            if !taken.contains(candidate) && !PseudonymDraw.shows(badge, in: candidate) { return candidate }
        }
        return nil
    }

    /// Nothing left to store or read, or storing fails (then `flush` stops waiting).
    var isSettled: Bool {
        if lastAttemptFailed { return true }
        if unavailable != nil { return !reloadRequested }
        return !writing && !reloadRequested && unsaved.isEmpty && spares.count >= Self.spareCount
    }

    /// The worker's next job: `.some(nil)` when closing with nothing left, nil to sleep.
    mutating func nextJob(closing: Bool) -> Job?? {
        let due = reloadRequested || !unsaved.isEmpty || (unavailable == nil && spares.count < Self.spareCount)
        guard due, !(closing && failing) else { return closing ? .some(nil) : nil }
        writing = true
        return .some(Job(bindings: unsaved, retireSpares: !sparesRetired, asked: reloadRequested))
    }

    /// The worker stored `job` and read `contents` with `stamp` just before; true when a fault
    /// shown before is over.
    mutating func stored(_ job: Job, contents: PseudonymFile.Contents, stamp: FileStamp?) -> Bool {
        unsaved.removeFirst(job.bindings.count)
        if job.retireSpares { sparesRetired = true }
        read(contents, stamp: stamp)
        (writing, reloadRequested, failing, lastAttemptFailed, unavailable) = (false, false, false, false, nil)
        defer { faultShown = false }
        return faultShown
    }

    /// Takes the table as read (`stamp` taken just before), keeping what is handed out but not stored yet.
    mutating func read(_ contents: PseudonymFile.Contents, stamp: FileStamp?) {
        self.stamp = stamp
        bindings = contents.bindings
        for binding in unsaved { bindings[binding.badge] = binding.pseudonym }
        let handedOut = Set(unsaved.map(\.pseudonym))
        spares = sparesRetired ? contents.spares.filter { !handedOut.contains($0) } : []
        taken.formUnion(contents.taken)
        fileReads += 1
    }

    /// The worker failed `job`; true when this is news to show as a fault. Reserving spares alone
    /// is housekeeping: its failure is retried without a fault (new badges get drawn pseudonyms).
    mutating func failed(_ job: Job, _ error: any Error, opened: Bool) -> Bool {
        writing = false
        reloadRequested = false
        lastAttemptFailed = true
        if !opened { unavailable = .cannotOpen(reason: "\(error)") }
        guard !job.bindings.isEmpty || job.asked || !opened else { return false }
        defer { failing = true }
        faultShown = true
        return !failing
    }
}
