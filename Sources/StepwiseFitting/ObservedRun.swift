import StepwiseCore

/// One run of one step as the quality log shows it: what the fit's likelihoods see.
public struct ObservedRun: Hashable, Sendable {
    /// The help that reached the worker: the level at the step's start, or the help level when
    /// the worker asked for help during the run (help shows full guidance for the rest of it).
    public var level: GuidanceLevel
    /// The level at the step's start, before any help.
    public var shown: GuidanceLevel
    public var error: Bool
    public var help: Bool
    /// From the step's start to its completion.
    public var seconds: Double
    /// Hours from the session's sign-in to the step's start (fatigue).
    public var hoursIntoSession: Double
    /// Days away between the previous run of this step and this one (0 within a session).
    public var daysAway: Double

    public init(
        level: GuidanceLevel, error: Bool, help: Bool = false, seconds: Double, hoursIntoSession: Double = 0,
        daysAway: Double = 0, shown: GuidanceLevel? = nil
    ) {
        self.level = level
        self.shown = shown ?? level
        self.error = error
        self.help = help
        self.seconds = seconds
        self.hoursIntoSession = hoursIntoSession
        self.daysAway = daysAway
    }

    /// How much of the level's help reaches the worker: full 1, hint ⅔, location ⅓, silent 0 (the
    /// learner model's scale, so the fitted benefit means what a population file's does).
    var help01: Double { Double(level.rawValue) / 3 }
}

/// One worker's runs of one step, oldest first.
public struct WorkerRuns: Hashable, Sendable {
    public var worker: String
    public var runs: [ObservedRun]
    public init(worker: String, runs: [ObservedRun]) {
        self.worker = worker
        self.runs = runs
    }
}

/// Every worker's runs of one step.
public struct StepHistory: Hashable, Sendable {
    public var step: String
    public var workers: [WorkerRuns]
    public init(step: String, workers: [WorkerRuns]) {
        self.step = step
        self.workers = workers
    }
    public var runCount: Int { workers.map(\.runs.count).reduce(0, +) }

    /// The same step with only the workers `keep` says yes to (cross-validation's folds).
    func only(_ keep: (String) -> Bool) -> StepHistory {
        StepHistory(step: step, workers: workers.filter { keep($0.worker) })
    }
}
