import StepwiseCore

/// A population of simulated learners and the task they learn, as read from a population file.
public struct Population: Hashable, Sendable {
    public var name: String
    public var task: SimulatedTask
    public var workers: [LearnerProfile]
    /// A cycle is at target pace when its working time ÷ the task's target time is at most this
    /// (the same 110 % the guidance policy calls on tempo).
    public var paceTolerance: Double
    /// Extra error probability (absolute) a worker may have without a level before they count as
    /// needing that level: the line between over-guided and adequately guided.
    public var acceptableExtraError: Double

    public init(
        name: String, task: SimulatedTask, workers: [LearnerProfile], paceTolerance: Double = 1.1,
        acceptableExtraError: Double = 0.02
    ) {
        self.name = name
        self.task = task
        self.workers = workers
        self.paceTolerance = paceTolerance
        self.acceptableExtraError = acceptableExtraError
    }
}

/// The steps the learners practise, in order; consecutive steps with the same group form an
/// any-order group.
public struct SimulatedTask: Hashable, Sendable {
    public struct Step: Hashable, Sendable {
        public var id: String
        public var targetSeconds: Double
        public var group: String?
        public init(id: String, targetSeconds: Double, group: String? = nil) {
            self.id = id
            self.targetSeconds = targetSeconds
            self.group = group
        }
    }
    public var steps: [Step]
    public init(steps: [Step]) { self.steps = steps }

    public var targetSeconds: Double { steps.map(\.targetSeconds).reduce(0, +) }
}

/// How knowing a step arrives. Speed follows the power law of practice either way.
public enum MasteryKind: String, Hashable, Sendable, CaseIterable {
    /// Each worker knows a step from some moment on (knowledge tracing's view): before it,
    /// guidance prevents errors; after it, only slips remain, whatever is shown.
    case latent
    /// Errors shrink smoothly with skill and guidance always prevents a little of them.
    case gradual
}

/// One simulated worker: how they learn, err, tire and forget, and when they work.
public struct LearnerProfile: Hashable, Sendable {
    public var name: String
    /// Whether a step is known from a moment on (`latent`) or errors fade smoothly (`gradual`).
    public var mastery: MasteryKind = .latent
    /// Skill (0 novice … 1 master) per step id before any practice; `initialSkill` for others.
    public var stepSkill: [String: Double] = [:]
    public var initialSkill: Double = 0.1
    /// Exponent of the power law of practice: remaining unskill × (1 + runs)^-rate.
    public var learningRate: Double = 0.5
    /// Error probability of a complete novice without any guidance.
    public var noviceError: Double = 0.4
    /// Errors a master still makes, whatever the guidance.
    public var slip: Double = 0.003
    /// Share of a novice's errors full guidance prevents (hint, location, silent: ⅔, ⅓, 0 of it).
    public var guidanceBenefit: Double = 0.85
    /// Extra time of a complete novice without guidance, as a multiple of the target.
    public var noviceSlowness: Double = 1.5
    /// Extra time a master needs under full guidance (reading what they know; Funk 2017).
    public var expertPenalty: Double = 0.08
    /// Chance per run that a complete novice without guidance presses the help button.
    public var helpProbability: Double = 0.1
    /// The guidance hypothesis: the share of a run's practice that full guidance takes away from
    /// a worker ready for less (skill ≥ 0.5); hint, location take ⅔, ⅓ of it. 0 (the default):
    /// learning ignores the level shown.
    public var guidanceLearning: Double = 0
    /// Days over which practice fades to 1/e when away.
    public var forgetDays: Double = 30
    /// Hours into a session after which the worker tires.
    public var fatigueOnsetHours: Double = 2.5
    /// Extra time per hour past the onset (0.15 = 15 % slower each hour).
    public var fatiguePerHour: Double = 0.15
    /// Spread of step times (standard deviation of the log-time).
    public var timeNoise: Double = 0.08
    /// The coach's floor for this worker ("never fade below hint").
    public var floor: GuidanceLevel = .silent
    public var schedule = Schedule()

    public init(name: String) { self.name = name }

    public func initialSkill(of step: String) -> Double { stepSkill[step] ?? initialSkill }
}

/// When a worker works: sessions, breaks within them, and long absences.
public struct Schedule: Hashable, Sendable {
    public struct Absence: Hashable, Sendable {
        /// The absence starts after this many sessions.
        public var afterSession: Int
        public var days: Double
        public init(afterSession: Int, days: Double) {
            self.afterSession = afterSession
            self.days = days
        }
    }
    public var sessions: Int = 8
    public var hoursPerSession: Double = 1
    /// Days from one session's start to the next.
    public var daysBetweenSessions: Double = 1
    /// A break after this many minutes of work (0: none).
    public var breakEveryMinutes: Double = 0
    public var breakMinutes: Double = 15
    public var absences: [Absence] = []

    public init() {}
}

extension Population {
    /// Step runs one policy simulates, roughly: each worker's sessions × the cycles that fit in a
    /// session at target pace (with the check-mark pause) × the steps. The loader refuses a
    /// population above `PopulationLimits.stepRuns`.
    public var estimatedStepRuns: Int {
        let perCycle = task.targetSeconds + StationMachine.cycleDonePause
        let runs =
            workers.map { Double($0.schedule.sessions) * Self.cycles($0.schedule, cycleSeconds: perCycle) }
            .reduce(0, +) * Double(task.steps.count)
        return Self.whole(runs)
    }

    /// The most cycles one session of `schedule` may hold. A cycle faster than half the task's
    /// target does not happen in practice, so stopping there changes no result, but it bounds the
    /// evaluation's work (to twice the estimate) whatever the random draws do.
    public func cycleCap(_ schedule: Schedule) -> Int {
        Self.whole(Self.cycles(schedule, cycleSeconds: task.targetSeconds / 2 + StationMachine.cycleDonePause))
    }

    static func cycles(_ schedule: Schedule, cycleSeconds: Double) -> Double {
        (schedule.hoursPerSession * 3600 / cycleSeconds).rounded(.up)
    }

    /// A count from a product of doubles, clamped so a value built in code (not read from a file,
    /// so not range-checked) cannot trap the conversion.
    static func whole(_ value: Double) -> Int {
        guard value > 0 else { return 0 }  // also NaN
        return value < Double(Int.max / 2) ? Int(value.rounded(.up)) : Int.max / 2
    }
}
