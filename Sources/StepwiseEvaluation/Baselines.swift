import StepwiseCore

/// motionEAP (University of Stuttgart), re-implemented from its published description: three
/// levels for the whole workflow; at workflow start (here: session start) the level follows the
/// error ratio (errors ÷ error-free steps; ≥ 1.0 most help, ≥ 0.5 middle, else least help); any
/// error, or a step slower than its expected duration, gives one level more help at once; no
/// promotion during work, no hysteresis, no per-step state.
public struct MotionEAP: GuidanceController {
    /// Its three levels, least help first, mapped onto Stepwise's.
    static let levels: [GuidanceLevel] = [.location, .hint, .full]
    /// The expected duration of a step, as a multiple of its target: the same slowness line the
    /// Stepwise policy uses (raise-tempo 1.8), so the comparison is about rules, not thresholds.
    public static let expectedDurationFactor = GuidancePolicy().raiseTempo

    public private(set) var current: GuidanceLevel = .full
    public private(set) var errors = 0
    public private(set) var errorFreeSteps = 0
    let floor: GuidanceLevel

    public init(floor: GuidanceLevel = .silent) { self.floor = floor }

    public mutating func startSession(at: Instant) {
        current = max(floor, Self.startLevel(errors: errors, errorFree: errorFreeSteps))
    }

    /// The level at workflow start from the error ratio; full for a worker without history.
    public static func startLevel(errors: Int, errorFree: Int) -> GuidanceLevel {
        guard errors + errorFree > 0 else { return .full }
        let ratio = Double(errors) / Double(max(errorFree, 1))
        return ratio >= 1.0 ? .full : ratio >= 0.5 ? .hint : .location
    }

    public func level(of step: SimulatedTask.Step) -> GuidanceLevel { current }

    public mutating func finish(_ run: SimulatedRun) {
        if run.error { errors += 1 } else { errorFreeSteps += 1 }
        if run.error || run.tempo > Self.expectedDurationFactor {
            current = Self.levels.first { $0 > current } ?? .full
        }
    }
}

/// The tempo rule of the Dutch pilots as far as it is published: one level for the worker;
/// fade one level after N cycles in a row on tempo and without error, raise one level on any error.
public struct TempoThreshold: GuidanceController {
    public static let cyclesToFade = 3
    public private(set) var current: GuidanceLevel = .full
    private var streak = 0
    private var cycleWork = 0.0
    private var cycleError = false
    let targetSeconds: Double
    let tolerance: Double
    let floor: GuidanceLevel

    public init(task: SimulatedTask, floor: GuidanceLevel = .silent, tolerance: Double = GuidancePolicy().fadeTempo) {
        targetSeconds = task.targetSeconds
        self.floor = floor
        self.tolerance = tolerance
    }

    public func level(of step: SimulatedTask.Step) -> GuidanceLevel { current }

    public mutating func finish(_ run: SimulatedRun) {
        cycleWork += run.workSeconds
        guard run.error else { return }
        cycleError = true
        streak = 0
        current = current.raised
    }

    public mutating func endCycle(at: Instant) {
        defer {
            cycleWork = 0
            cycleError = false
        }
        guard !cycleError else { return }
        guard cycleWork <= tolerance * targetSeconds else { return streak = 0 }
        streak += 1
        guard streak >= Self.cyclesToFade else { return }
        current = max(floor, current.faded)
        streak = 0
    }
}
