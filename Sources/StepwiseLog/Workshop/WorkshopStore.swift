import StepwiseCore

/// Everything the dashboard stores and reads, as typed values: records and skills, accounts,
/// sessions, the audit trail, the sign-in throttle and retention. The dashboard holds one
/// `any WorkshopStore` and never sees SQL; `SQLiteWorkshop` implements it on a station's log,
/// and a central store (PostgreSQL) can implement it for many stations.
///
/// Every call blocks until the store has answered; callers keep them off the event thread and,
/// for the sign-in, off a request's thread (`SignInGate`).
public protocol WorkshopStore: Sendable {
    // MARK: Records and skills

    /// The records that decide what each cell is doing now (`CellLookups.recordsDecidingCells`),
    /// oldest first per cell: "Cells now" without reading the whole log.
    func recordsDecidingCells() throws -> [QualityRecord]
    /// The records of the unit `cell` finished at `done` (`CellLookups.recordsOfUnit`).
    func recordsOfUnit(cell: CellID, done: Instant) throws -> [QualityRecord]
    /// Per UTC day, counted in the store (one pass, no record decoded).
    func dayCounts() throws -> [DayCounts]
    /// Every set the records name, summarised in the store (one pass, no record decoded).
    func setSummaries() throws -> [SetSummary]
    /// The steps of `set`, summed in the store, in the order they first appear (`StepTotals.build`).
    func stepTotals(of set: InstructionSetID) throws -> [StepTotals]
    /// The newest `limit` finished units (cycle-done records) of `set`, newest first; only those of
    /// `workers` when given.
    func recentUnits(of set: InstructionSetID, workers: [WorkerPseudonym]?, limit: Int) throws -> [QualityRecord]
    /// Records with `from <= at < to`, optionally of one worker, oldest first, at most `limit`.
    func records(from: Instant?, to: Instant?, worker: WorkerPseudonym?, limit: Int?) throws -> [QualityRecord]
    func loadSkill(worker: WorkerPseudonym, instructionSet: InstructionSetID) throws -> WorkerSkill?
    /// Every stored skill of `worker`, sorted by set.
    func skills(of worker: WorkerPseudonym) throws -> [WorkerSkill]
    /// Sets `controls` and returns the stored skill (a new one if the worker never worked on the set).
    func saveControls(_ controls: CoachControls, worker: WorkerPseudonym, instructionSet: InstructionSetID) throws
        -> WorkerSkill
    /// Sets anyone worked on (a skill or a record names them), sorted.
    func knownInstructionSets() throws -> [InstructionSetID]
    /// Whether any record or skill names `worker`.
    func knowsWorker(_ worker: WorkerPseudonym) throws -> Bool
    /// Right to erasure: the worker's records, skills, preferences and coach assignments. Returns the rows removed.
    func eraseWorker(_ worker: WorkerPseudonym) throws -> Int

    // MARK: Accounts

    /// Stores a new account in one transaction with `check`, which sees every existing name first
    /// and throws to refuse (a name taken or confusable).
    func addAccount(_ account: StoredAccount, created: Instant, check: ([String]) throws -> Void) throws
    /// The account stored under the first of `names` that has one.
    func account(firstOf names: [String]) throws -> StoredAccount?
    /// Every account, sorted by name, without password hashes.
    func accounts() throws -> [(name: String, role: AccountRole)]
    /// Sets the password hash, ends the account's sessions and forgets the failed sign-ins under
    /// `nameKey`, in one transaction. False when there is no such account.
    func changePassword(name: String, passwordHash: String, nameKey: String) throws -> Bool
    /// Removes an account with its sessions and assignments; false when there is none.
    func removeAccount(name: String) throws -> Bool
    func assign(worker: WorkerPseudonym, toCoach coach: String) throws
    func workers(ofCoach coach: String) throws -> [WorkerPseudonym]

    // MARK: Sessions

    /// Stores a session (only the token's hash) and drops the expired ones.
    func startSession(tokenHash: String, account: String, csrf: String, expires: Instant, now: Instant) throws
    /// The live session of a token hash, with its account's role; nil if unknown or expired.
    func session(tokenHash: String, now: Instant) throws -> StoredSession?
    func endSession(tokenHash: String) throws

    // MARK: Audit

    /// Appends an entry (one subject row per worker). Throws rather than lose it.
    func appendAudit(_ entry: AuditRecord) throws
    /// Entries, newest first; `worker` narrows to those naming that worker.
    func auditEntries(worker: WorkerPseudonym?, limit: Int) throws -> [AuditRecord]
    /// Reads per UTC day, account and action, sorted by day, account, action.
    func auditCounts() throws -> [AuditCount]

    // MARK: Sign-in throttle

    /// The installation's throttle secret, stored once: `fresh` unless one is stored already.
    func signInSecret(fresh: String) throws -> String
    /// In ONE transaction: forgets failures before `forgetBefore`, reads the counts of `keys`, asks
    /// `decide` for a wait and, when it gives none, counts one more failure under every key.
    func reserveSignIn(
        _ keys: [SignInKey], at: Instant, forgetBefore: Instant, decide: ([SignInFailureCount?]) -> Double?
    ) throws -> Double?
    /// A right password: forgets `pair` and gives back the one failure counted under each of `others`.
    func signInSucceeded(pair: SignInKey, others: [SignInKey]) throws
    /// The counts of `keys`, reading only.
    func signInFailureCounts(_ keys: [SignInKey]) throws -> [SignInFailureCount?]
    /// Every row of the failure table, newest first.
    func signInFailureRows() throws -> [SignInFailureRow]

    // MARK: Retention

    /// Folds every record before `before` into the per-day totals and deletes it in one
    /// transaction, and forgets failed sign-ins before it. Returns the records deleted.
    func applyRetention(before: Instant) throws -> Int
    /// The per-day totals kept after retention, oldest day first.
    func stepDayTotals(instructionSet: InstructionSetID?) throws -> [StepDayTotals]

    // MARK: Stations

    /// Every station whose records this store holds, sorted by id; empty for one station's own log.
    func stations() throws -> [StationSummary]
    /// Whether worker skills and coach limits are kept here (a station's log) or not (the central store).
    var keepsSkills: Bool { get }
}

extension WorkshopStore {
    public func stations() throws -> [StationSummary] { [] }
    public var keepsSkills: Bool { true }

    /// Every record, or every record of `worker`, oldest first.
    public func records(worker: WorkerPseudonym? = nil) throws -> [QualityRecord] {
        try records(from: nil, to: nil, worker: worker, limit: nil)
    }
}
