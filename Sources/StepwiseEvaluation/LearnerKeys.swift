import StepwiseCore
import StepwiseFormats
import Yams

/// The learner keys of a population file (`workers:` entries and `defaults:`) with their ranges:
/// a key not named here is refused with a did-you-mean, a value outside its range with the range.
/// The ranges are wide enough for any real worker and narrow enough that no value can make the
/// simulation trap, loop forever or run for days (docs/evaluation.md lists them).
enum LearnerKeys {
    typealias Numeric = (key: String, path: WritableKeyPath<LearnerProfile, Double>, range: ClosedRange<Double>)

    static var numeric: [Numeric] {
        [
            ("initial-skill", \.initialSkill, 0...1), ("learning-rate", \.learningRate, 0...5),
            ("novice-error", \.noviceError, 0...1), ("slip", \.slip, 0...1),
            ("guidance-benefit", \.guidanceBenefit, 0...1), ("novice-slowness", \.noviceSlowness, 0...20),
            ("expert-penalty", \.expertPenalty, 0...5), ("help-probability", \.helpProbability, 0...1),
            ("forget-days", \.forgetDays, 0...36_500), ("fatigue-onset-hours", \.fatigueOnsetHours, 0...24),
            ("fatigue-per-hour", \.fatiguePerHour, 0...5), ("time-noise", \.timeNoise, 0...1),
            ("guidance-learning", \.guidanceLearning, 0...1),
        ]
    }
    static let words = ["step-skill", "floor", "mastery", "schedule"]
    /// Only a `workers:` entry has these; `defaults:` does not.
    static let workerOnly = ["name", "count"]
    static let levels = ["full", "hint", "location", "silent"]

    /// `base` with the keys of the learner mapping `node` applied, and the mapping's fields (for
    /// `name` and `count`); problems go to `reader`.
    static func read(
        _ node: Node, onto base: LearnerProfile, _ what: String, steps: [String], worker: Bool, _ reader: FieldReader
    ) -> (profile: LearnerProfile, fields: [String: Node]) {
        var profile = base
        let known = (worker ? workerOnly : []) + numeric.map(\.key) + words
        guard let fields = reader.fields(node, what, known: known) else { return (profile, [:]) }
        for entry in numeric {
            if let value = fields[entry.key].flatMap({ reader.number($0, entry.key, in: entry.range) }) {
                profile[keyPath: entry.path] = value
            }
        }
        if let node = fields["step-skill"] { profile.stepSkill.merge(stepSkill(node, steps: steps, reader)) { $1 } }
        if let word = fields["floor"].flatMap({ reader.choice($0, "floor", among: levels) }) {
            profile.floor = GuidanceLevel(name: word) ?? profile.floor
        }
        let kinds = MasteryKind.allCases.map(\.rawValue)
        if let word = fields["mastery"].flatMap({ reader.choice($0, "mastery", among: kinds) }) {
            profile.mastery = MasteryKind(rawValue: word) ?? profile.mastery
        }
        if let node = fields["schedule"] { profile.schedule = ScheduleKeys.read(node, onto: profile.schedule, reader) }
        return (profile, fields)
    }

    /// `{step-id: skill}`; every step id must be one of the task's.
    static func stepSkill(_ node: Node, steps: [String], _ reader: FieldReader) -> [String: Double] {
        guard let mapping = node.mapping else {
            reader.report(node, "step-skill must be a mapping of step id to skill", expected: "e.g. {pick: 0.2}")
            return [:]
        }
        var skills: [String: Double] = [:]
        for (key, value) in mapping {
            guard let step = reader.identifier(key, "step id in step-skill") else { continue }
            guard steps.contains(step) else {
                reader.report(
                    key, "step-skill names the unknown step '\(step)'", expected: "a step id of the task",
                    suggestion: FieldReader.suggestion(for: step, among: steps))
                continue
            }
            skills[step] = reader.number(value, "step-skill of \(step)", in: 0...1)
        }
        return skills
    }
}

/// The keys of a learner's `schedule:` and their ranges.
enum ScheduleKeys {
    typealias Numeric = (
        key: String, path: WritableKeyPath<Schedule, Double>, range: ClosedRange<Double>, aboveLower: Bool
    )

    static var numeric: [Numeric] {
        [
            ("hours-per-session", \.hoursPerSession, 0...24, true),
            ("days-between-sessions", \.daysBetweenSessions, 0...365, false),
            ("break-every-minutes", \.breakEveryMinutes, 0...1440, false),
            ("break-minutes", \.breakMinutes, 0...1440, false),
        ]
    }

    static func read(_ node: Node, onto base: Schedule, _ reader: FieldReader) -> Schedule {
        var schedule = base
        guard let fields = reader.fields(node, "schedule", known: ["sessions", "absences"] + numeric.map(\.key)) else {
            return schedule
        }
        if let value = fields["sessions"].flatMap({ reader.integer($0, "sessions", in: PopulationLimits.sessions) }) {
            schedule.sessions = value
        }
        for entry in numeric {
            if let value = fields[entry.key].flatMap({
                reader.number($0, entry.key, in: entry.range, aboveLower: entry.aboveLower)
            }) {
                schedule[keyPath: entry.path] = value
            }
        }
        if let node = fields["absences"], let items = reader.list(node, "absences", limit: PopulationLimits.absences) {
            schedule.absences = items.compactMap { absence($0, reader) }
        }
        return schedule
    }

    static func absence(_ node: Node, _ reader: FieldReader) -> Schedule.Absence? {
        guard
            let fields = reader.fields(
                node, "absence", known: ["after-session", "days"], required: ["after-session", "days"]),
            let after = fields["after-session"].flatMap({
                reader.integer($0, "after-session", in: PopulationLimits.sessions)
            }),
            let days = fields["days"].flatMap({ reader.number($0, "days", in: 0...3650) })
        else { return nil }
        return Schedule.Absence(afterSession: after, days: days)
    }
}
