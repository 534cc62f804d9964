import StepwiseCore

/// Step runs read from quality-log records: per step, per worker (pseudonym), oldest first.
public struct LogRuns: Sendable {
    public var instructionSet: String
    /// In the order the log first completes them.
    public var steps: [StepHistory]
    /// Per worker, the sessions' sign-in instants and lengths (hours): the schedule a population file needs.
    public var sessions: [String: [(start: Instant, hours: Double)]]

    /// A pause longer than this without a sign-in still starts a new session (a station without badges).
    static let sessionGapSeconds = 4 * 3600.0

    /// `set` chooses the instruction set; it may be omitted when the log holds only one.
    public init(records: [QualityRecord], set: String? = nil) throws(FitError) {
        guard !records.isEmpty else { throw .emptyLog }
        let done = records.filter { $0.kind == .stepDone && $0.worker != nil && $0.step != nil }
        var known: [String] = []
        for id in done.compactMap(\.instructionSet?.rawValue) where !known.contains(id) { known.append(id) }
        let chosen: String
        if let set {
            guard known.contains(set) else { throw .unknownSet(set, known: known.isEmpty ? ["no step runs"] : known) }
            chosen = set
        } else {
            guard let only = known.first else { throw .noStepRuns(set: "any") }
            guard known.count == 1 else { throw .severalSets(known) }
            chosen = only
        }
        instructionSet = chosen
        let byWorker = Dictionary(grouping: records.enumerated().filter { $0.element.worker != nil }) {
            $0.element.worker!.rawValue
        }
        var perStep: [String: [WorkerRuns]] = [:]
        var sessions: [String: [(Instant, Double)]] = [:]
        for worker in byWorker.keys.sorted() {
            let ordered = byWorker[worker]!.sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
            var reader = WorkerReader(set: chosen)
            for (_, record) in ordered { try reader.read(record) }
            sessions[worker] = reader.sessionList
            for (step, runs) in reader.runs {
                perStep[step, default: []].append(WorkerRuns(worker: worker, runs: runs))
            }
        }
        var order: [String] = []
        for record in done where record.instructionSet?.rawValue == chosen {
            if let step = record.step?.rawValue, !order.contains(step) { order.append(step) }
        }
        steps = order.map { StepHistory(step: $0, workers: perStep[$0] ?? []) }
        self.sessions = sessions
        guard !steps.isEmpty else { throw .noStepRuns(set: chosen) }
    }

    public var workers: [String] { Array(Set(steps.flatMap { $0.workers.map(\.worker) })).sorted() }
}

/// Walks one worker's records in order and assembles their step runs.
private struct WorkerReader {
    struct Open {
        var start: Instant
        var level: GuidanceLevel
        var help = false
        var error = false
    }
    let set: String
    var runs: [String: [ObservedRun]] = [:]
    var sessionList: [(start: Instant, hours: Double)] = []
    private var open: [String: Open] = [:]
    private var sessionStart: Instant?
    private var last: Instant?
    /// Days away in all, and its value at each step's last run: the difference is the run's `daysAway`.
    private var away = 0.0
    private var awayAtLastRun: [String: Double] = [:]

    init(set: String) { self.set = set }

    mutating func read(_ record: QualityRecord) throws(FitError) {
        let gap = last.map { record.at.seconds(since: $0) } ?? 0
        if record.kind == .login || sessionStart == nil || gap > LogRuns.sessionGapSeconds {
            startSession(at: record.at, gap: gap)
        }
        last = record.at
        if let start = sessionStart, let index = sessionList.indices.last {
            sessionList[index].hours = record.at.seconds(since: start) / 3600
        }
        guard record.instructionSet?.rawValue == set, let step = record.step?.rawValue else { return }
        switch record.kind {
        case .stepStarted: open[step] = Open(start: record.at, level: record.level ?? .full)
        case .help: for key in open.keys { open[key]!.help = true }  // help reaches every open step
        case .wrongAction: open[step]?.error = true
        case .stepDone: try finish(step, record)
        default: break
        }
    }

    private mutating func startSession(at: Instant, gap: Double) {
        if sessionStart != nil { away += gap / 86_400 }
        sessionStart = at
        sessionList.append((at, 0))
        open = [:]
    }

    private mutating func finish(_ step: String, _ record: QualityRecord) throws(FitError) {
        let run = open.removeValue(forKey: step)
        let seconds = record.durationSeconds ?? run.map { record.at.seconds(since: $0.start) } ?? .nan
        guard seconds.isFinite, seconds > 0 else {
            throw .unusableValue("step '\(step)' done at \(record.at) with duration \(seconds) s")
        }
        let started = record.at.adding(seconds: -seconds)
        let level = run?.level ?? record.level ?? .full
        let help = run?.help ?? false
        let hours = sessionStart.map { max(0, started.seconds(since: $0) / 3600) } ?? 0
        let daysAway = awayAtLastRun[step].map { away - $0 } ?? 0
        awayAtLastRun[step] = away
        runs[step, default: []].append(
            ObservedRun(
                level: help ? GuidanceModel.helpLevel : level, error: run?.error ?? false, help: help,
                seconds: seconds, hoursIntoSession: hours, daysAway: daysAway, shown: level))
    }
}
