import StepwiseCore

/// One `workers:` entry (or `defaults:`) of a population file; absent keys keep the base value.
struct LearnerSpec: Decodable {
    var name: String?
    var count: Int?
    var initialSkill: Double?
    var stepSkill: [String: Double]?
    var learningRate: Double?
    var noviceError: Double?
    var slip: Double?
    var guidanceBenefit: Double?
    var noviceSlowness: Double?
    var expertPenalty: Double?
    var helpProbability: Double?
    var forgetDays: Double?
    var fatigueOnsetHours: Double?
    var fatiguePerHour: Double?
    var timeNoise: Double?
    var floor: Named<GuidanceLevel>?
    var mastery: Named<MasteryKind>?
    var schedule: ScheduleSpec?

    enum CodingKeys: String, CodingKey {
        case name, count, slip, floor, schedule, mastery
        case initialSkill = "initial-skill", stepSkill = "step-skill", learningRate = "learning-rate"
        case noviceError = "novice-error", guidanceBenefit = "guidance-benefit", noviceSlowness = "novice-slowness"
        case expertPenalty = "expert-penalty", helpProbability = "help-probability", forgetDays = "forget-days"
        case fatigueOnsetHours = "fatigue-onset-hours", fatiguePerHour = "fatigue-per-hour", timeNoise = "time-noise"
    }

    func applied(to base: LearnerProfile) -> LearnerProfile {
        var p = base
        if let v = initialSkill { p.initialSkill = v }
        if let v = stepSkill { p.stepSkill.merge(v) { $1 } }
        if let v = learningRate { p.learningRate = v }
        if let v = noviceError { p.noviceError = v }
        if let v = slip { p.slip = v }
        if let v = guidanceBenefit { p.guidanceBenefit = v }
        if let v = noviceSlowness { p.noviceSlowness = v }
        if let v = expertPenalty { p.expertPenalty = v }
        if let v = helpProbability { p.helpProbability = v }
        if let v = forgetDays { p.forgetDays = v }
        if let v = fatigueOnsetHours { p.fatigueOnsetHours = v }
        if let v = fatiguePerHour { p.fatiguePerHour = v }
        if let v = timeNoise { p.timeNoise = v }
        if let v = floor { p.floor = v.value }
        if let v = mastery { p.mastery = v.value }
        if let v = schedule { p.schedule = v.applied(to: p.schedule) }
        return p
    }
}

struct ScheduleSpec: Decodable {
    var sessions: Int?
    var hoursPerSession: Double?
    var daysBetweenSessions: Double?
    var breakEveryMinutes: Double?
    var breakMinutes: Double?
    var absences: [AbsenceSpec]?

    struct AbsenceSpec: Decodable {
        var afterSession: Int
        var days: Double
        enum CodingKeys: String, CodingKey { case days, afterSession = "after-session" }
    }

    enum CodingKeys: String, CodingKey {
        case sessions, absences
        case hoursPerSession = "hours-per-session", daysBetweenSessions = "days-between-sessions"
        case breakEveryMinutes = "break-every-minutes", breakMinutes = "break-minutes"
    }

    func applied(to base: Schedule) -> Schedule {
        var s = base
        if let v = sessions { s.sessions = v }
        if let v = hoursPerSession { s.hoursPerSession = v }
        if let v = daysBetweenSessions { s.daysBetweenSessions = v }
        if let v = breakEveryMinutes { s.breakEveryMinutes = v }
        if let v = breakMinutes { s.breakMinutes = v }
        if let v = absences { s.absences = v.map { Schedule.Absence(afterSession: $0.afterSession, days: $0.days) } }
        return s
    }
}

/// A value a population file names with a word (`floor: hint`, `mastery: gradual`).
protocol NamedInPopulation {
    /// What the value is called in an error ("level").
    static var kind: String { get }
    /// The words that are accepted, as the error lists them.
    static var expected: String { get }
    init?(populationName: String)
}

extension GuidanceLevel: NamedInPopulation {
    static var kind: String { "level" }
    static var expected: String { "full, hint, location or silent" }
    init?(populationName: String) { self.init(name: populationName) }
}

extension MasteryKind: NamedInPopulation {
    static var kind: String { "mastery" }
    static var expected: String { "latent or gradual" }
    init?(populationName: String) { self.init(rawValue: populationName) }
}

/// Decodes a `NamedInPopulation` value from its word, or says which words are expected.
struct Named<Value: NamedInPopulation>: Decodable {
    var value: Value
    init(from decoder: Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let value = Value(populationName: name) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown \(Value.kind) '\(name)'; expected \(Value.expected)"))
        }
        self.value = value
    }
}
