import StepwiseCore

/// What a dashboard account may see. No administrator role: accounts are made on the server's
/// command line by whoever may read the database anyway.
public enum AccountRole: String, CaseIterable, Sendable, Codable {
    /// Job coach: the individual data of the workers assigned to them, and their guidance controls.
    case coach
    /// Process engineer: per-step data without worker identity.
    case engineer
    /// Manager: aggregates only, never a ranking of workers; the audit summary.
    case manager
}

/// An account as stored, its password as a hash.
public struct StoredAccount: Hashable, Sendable {
    public var name: String
    public var role: AccountRole
    public var passwordHash: String
    public init(name: String, role: AccountRole, passwordHash: String) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
    }
}

/// A live session as stored.
public struct StoredSession: Hashable, Sendable {
    public var account: String
    public var role: AccountRole
    public var csrf: String
    public init(account: String, role: AccountRole, csrf: String) {
        self.account = account
        self.role = role
        self.csrf = csrf
    }
}

/// One read of individual data, or one change of a worker's guidance controls.
public struct AuditRecord: Hashable, Sendable {
    public var at: Instant
    public var account: String
    public var role: AccountRole
    /// "read-worker", "read-unit", "read-units", "export-worker", "controls" …
    public var action: String
    /// Every worker whose data was read or changed, sorted; empty when no worker was named.
    public var workers: [WorkerPseudonym]
    /// What else the read or change names: "demo-cell@1767596461000000000", "led-streetlight floor=hint …".
    public var details: String

    public init(
        at: Instant, account: String, role: AccountRole, action: String, workers: [WorkerPseudonym],
        details: String
    ) {
        self.at = at
        self.account = account
        self.role = role
        self.action = action
        self.workers = workers
        self.details = details
    }

    /// The text kept in `audit_log.subject` for people reading the table: workers, then details.
    public var subject: String { (workers.map(\.rawValue) + [details]).filter { !$0.isEmpty }.joined(separator: " ") }
}

/// How many audit entries one account wrote with one action on one UTC day.
public struct AuditCount: Hashable, Sendable {
    public var day: String
    public var account: String
    public var role: String
    public var action: String
    public var count: Int
    public init(day: String, account: String, role: String, action: String, count: Int) {
        self.day = day
        self.account = account
        self.role = role
        self.action = action
        self.count = count
    }
}

/// The keyed hashes one failed-sign-in count is kept under; an empty side counts over all of it.
public struct SignInKey: Hashable, Sendable {
    public var name: String
    public var address: String
    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }
}

/// Wrong passwords counted under one key, and the last one's time.
public struct SignInFailureCount: Hashable, Sendable {
    public var failures: Int
    public var last: Instant
    public init(failures: Int, last: Instant) {
        self.failures = failures
        self.last = last
    }
}

/// One row of the failed-sign-in table.
public struct SignInFailureRow: Hashable, Sendable {
    public var nameMac: String
    public var addressMac: String
    public var failures: Int
    public var last: Instant
    public init(nameMac: String, addressMac: String, failures: Int, last: Instant) {
        self.nameMac = nameMac
        self.addressMac = addressMac
        self.failures = failures
        self.last = last
    }
}

/// One step's counts on one UTC day, kept after retention deleted the records: no worker, no cycle.
public struct StepDayTotals: Hashable, Sendable {
    public var day: String
    public var instructionSet: InstructionSetID
    public var version: String
    public var step: StepID
    public var runs: Int
    public var totalSeconds: Double
    public var wrongActions: Int
    public var hesitations: Int
    public var help: Int
    public var byHand: Int
    /// Distinct workers the counts cover, at least; nil for totals kept before they were counted.
    public var workers: Int?

    public init(
        day: String, instructionSet: InstructionSetID, version: String, step: StepID, runs: Int, totalSeconds: Double,
        wrongActions: Int, hesitations: Int, help: Int, byHand: Int, workers: Int?
    ) {
        self.day = day
        self.instructionSet = instructionSet
        self.version = version
        self.step = step
        self.runs = runs
        self.totalSeconds = totalSeconds
        self.wrongActions = wrongActions
        self.hesitations = hesitations
        self.help = help
        self.byHand = byHand
        self.workers = workers
    }
}

/// One station as the central store knows it: what it runs and how far behind its uplink is.
public struct StationSummary: Hashable, Sendable {
    public var id: String
    public var cell: CellID?
    /// When its uplink last reached the server; nil before the first contact.
    public var lastContact: Instant?
    /// The age of the oldest record the server did not have at that contact.
    public var lagSeconds: Double?
    /// Records the station still held back then.
    public var pending: Int
    /// "set@version, …" the station has run, sorted.
    public var setsInUse: String
    /// The last published version its uplink installed or refused ("led-streetlight 3.4 refused"); empty for none.
    public var lastInstall: String

    public init(
        id: String, cell: CellID?, lastContact: Instant?, lagSeconds: Double?, pending: Int, setsInUse: String,
        lastInstall: String = ""
    ) {
        self.id = id
        self.cell = cell
        self.lastContact = lastContact
        self.lagSeconds = lagSeconds
        self.pending = pending
        self.setsInUse = setsInUse
        self.lastInstall = lastInstall
    }
}
