import StepwiseCore

/// What happened in one run, with the learner's truth next to what the policy showed.
public struct RunTrace: Hashable, Sendable {
    public var session: Int
    public var cycle: Int
    public var step: String
    /// Level shown when the run started.
    public var level: GuidanceLevel
    /// The least help the worker truly needed (from their skill, see `Learner.neededLevel`).
    public var needed: GuidanceLevel
    public var error: Bool
    /// The error would not have happened under full guidance (same random draw).
    public var preventable: Bool
    public var workSeconds: Double
}

/// One worker under one policy: every run, and the working time of every cycle.
public struct WorkerTrace: Sendable {
    public var worker: String
    public var runs: [RunTrace] = []
    /// Working time ÷ task target per cycle, and the session each cycle was in.
    public var cyclePace: [(pace: Double, session: Int)] = []
}

/// Closed-loop evaluation: simulated learners work their schedules while a policy chooses
/// the guidance; the learner's errors, times and learning respond to what is shown.
public enum Evaluation {
    /// 2023-11-14, a fixed start so instants (and skill timestamps) are reproducible.
    static let epoch = 1_700_000_000.0

    /// Every worker of `population` under `policy`, in file order.
    public static func run(
        _ population: Population, policy: PolicyKind, seed: UInt64, guidance: GuidancePolicy = .init()
    ) -> [WorkerTrace] {
        population.workers.enumerated().map { index, profile in
            var controller = policy.controller(
                task: population.task, floor: profile.floor, worker: profile.name, policy: guidance)
            return simulate(profile, in: population, controller: &controller, seed: seed, index: UInt64(index))
        }
    }

    /// One worker's whole schedule. The random streams depend on the seed, the worker and the
    /// cycle's place in its session only, so every policy faces the same learner and the same draws.
    public static func simulate<C: GuidanceController>(
        _ profile: LearnerProfile, in population: Population, controller: inout C, seed: UInt64, index: UInt64 = 0
    ) -> WorkerTrace {
        var rng = SeededRandom.stream(seed: seed, index, profile.name.stableHash)
        var learner = Learner(profile: profile, steps: population.task.steps.map(\.id), random: &rng)
        var trace = WorkerTrace(worker: profile.name)
        var day = 0.0
        var cycle = 0
        for session in 0..<profile.schedule.sessions {
            let start = Instant(seconds: epoch + day * 86_400)
            var shift = Shift(start: start, schedule: profile.schedule)
            controller.startSession(at: start)
            var cycleInSession: UInt64 = 0
            let cap = UInt64(population.cycleCap(profile.schedule))
            while shift.hasTime, cycleInSession < cap {
                cycle += 1
                cycleInSession += 1
                // Common random numbers: the n-th cycle of a session draws the same numbers under
                // every policy, so a faster policy's extra cycles do not shift the others' draws.
                var draws = SeededRandom.stream(
                    seed: seed, index, profile.name.stableHash, UInt64(session), cycleInSession)
                let work = runCycle(
                    &learner, &controller, &draws, &trace, shift: &shift, population: population, session: session,
                    cycle: cycle)
                trace.cyclePace.append((work / population.task.targetSeconds, session))
                controller.endCycle(at: shift.now)
                shift.cycleDone()
            }
            controller.endSession(at: shift.now)
            let away =
                profile.schedule.daysBetweenSessions
                + profile.schedule.absences
                .filter { $0.afterSession == session + 1 }.map(\.days).reduce(0, +)
            day += away
            learner.forget(days: away - profile.schedule.hoursPerSession / 24)
        }
        return trace
    }

    /// One cycle; returns its working time.
    private static func runCycle<C: GuidanceController>(
        _ learner: inout Learner, _ controller: inout C, _ rng: inout SeededRandom, _ trace: inout WorkerTrace,
        shift: inout Shift, population: Population, session: Int, cycle: Int
    ) -> Double {
        var work = 0.0
        for step in population.task.steps {
            let shown = controller.level(of: step)
            let fatigue = learner.fatigue(hoursIntoSession: shift.hours)
            let help = rng.uniform() < learner.helpProbability(step.id, at: shown)
            let effective = help ? controller.levelAfterHelp(shown) : shown
            let draw = rng.uniform()
            let error = draw < learner.errorProbability(step.id, at: effective, fatigue: fatigue)
            let preventable = error && draw >= learner.errorProbability(step.id, at: .full, fatigue: fatigue)
            let seconds =
                learner.workSeconds(step, at: effective, fatigue: fatigue, noise: rng.normal())
                + (error ? step.targetSeconds * 0.5 : 0)
            let run = SimulatedRun(
                step: step, start: shift.now, pauseSeconds: shift.takePause(), workSeconds: seconds, error: error,
                help: help)
            controller.finish(run)
            trace.runs.append(
                RunTrace(
                    session: session, cycle: cycle, step: step.id, level: shown,
                    needed: learner.neededLevel(step.id, tolerance: population.acceptableExtraError), error: error,
                    preventable: preventable, workSeconds: seconds))
            learner.practise(step.id, at: effective)
            shift.now = run.end
            work += seconds
        }
        return work
    }
}

/// The clock of one session: its end, and the breaks the schedule asks for.
struct Shift {
    let start: Instant
    let end: Instant
    let schedule: Schedule
    var now: Instant
    private var lastBreak: Instant
    private var pendingPause = 0.0

    init(start: Instant, schedule: Schedule) {
        self.start = start
        self.schedule = schedule
        now = start
        lastBreak = start
        end = start.adding(seconds: schedule.hoursPerSession * 3600)
    }

    var hasTime: Bool { now.adding(seconds: pendingPause) < end }
    var hours: Double { now.seconds(since: start) / 3600 }

    /// The pause due before the next run (a break is taken at the start of a cycle's first step).
    mutating func takePause() -> Double {
        defer { pendingPause = 0 }
        return pendingPause
    }

    /// The check-mark pause, then a break if one is due.
    mutating func cycleDone() {
        now = now.adding(seconds: StationMachine.cycleDonePause)
        let every = schedule.breakEveryMinutes * 60
        guard every > 0, now.seconds(since: lastBreak) >= every else { return }
        pendingPause = schedule.breakMinutes * 60
        lastBreak = now.adding(seconds: pendingPause)
    }
}
