import Foundation
import StepwiseCore
import StepwiseEvaluation
import StepwiseLog

@testable import StepwiseFitting

/// Learners with known parameters, their quality log written and read back through the real log.
enum Simulated {
    /// A two-step task (one with `steps: 1`); workers of quarter-hour sessions two days apart
    /// (forgetting shows).
    static func population(_ mastery: MasteryKind, workers: Int = 24, sessions: Int = 4, steps: Int = 2) -> Population {
        var profile = LearnerProfile(name: "worker")
        profile.mastery = mastery
        profile.initialSkill = 0.15
        profile.learningRate = 0.4
        profile.noviceError = 0.4
        profile.slip = 0.01
        profile.guidanceBenefit = 0.8
        profile.noviceSlowness = 1.5
        profile.expertPenalty = 0.1
        profile.forgetDays = 4
        profile.schedule.sessions = sessions
        profile.schedule.hoursPerSession = 0.25
        profile.schedule.daysBetweenSessions = 2
        let task = SimulatedTask(
            steps: Array(
                [.init(id: "fit-belt", targetSeconds: 12), .init(id: "check", targetSeconds: 6)].prefix(steps)))
        let all = (1...workers).map { i -> LearnerProfile in
            var p = profile
            p.name = "w\(i)"
            return p
        }
        return Population(name: "known", task: task, workers: all)
    }

    /// The records of `population` under the shipped policy, stored in a fresh SQLite quality log
    /// and read back, as `stepwise fit` reads them.
    /// New workers start unguided, so the log shows workers who do not know a step at every level
    /// (under the shipped start at full guidance it shows them almost only at full, and guidance's
    /// benefit cannot be told from the novice error).
    static var silentStart: GuidancePolicy {
        var policy = GuidancePolicy()
        policy.initialLevel = .silent
        return policy
    }

    static func log(_ population: Population, seed: UInt64, guidance: GuidancePolicy = silentStart) throws
        -> [QualityRecord]
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "stepwise-fit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try QualityLog(path: directory.appendingPathComponent("quality.sqlite").path)
        try log.append(SimulatedLog.records(population, seed: seed, guidance: guidance))
        return try log.records()
    }

    static func fit(_ population: Population, seed: UInt64, resamples: Int = 0) throws -> FitResult {
        let runs = try LogRuns(records: try log(population, seed: seed))
        return try WorkshopFit.fit(runs, options: FitOptions(resamples: resamples, seed: seed))
    }
}
