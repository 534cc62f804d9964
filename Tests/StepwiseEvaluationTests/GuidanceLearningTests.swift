import StepwiseCore
import Testing

@testable import StepwiseEvaluation

/// The guidance hypothesis: full guidance teaches a worker who is ready for less help less.
@Suite struct GuidanceLearningTests {
    static func learner(_ guidanceLearning: Double, initialSkill: Double) -> Learner {
        var profile = LearnerProfile(name: "w")
        profile.initialSkill = initialSkill
        profile.guidanceLearning = guidanceLearning
        return Learner(profile: profile)
    }

    @Test func aReadyWorkerLearnsLessUnderFullGuidance() {
        var guided = Self.learner(0.5, initialSkill: 0.6), unguided = Self.learner(0.5, initialSkill: 0.6)
        for _ in 0..<10 {
            guided.practise("a", at: .full)
            unguided.practise("a", at: .silent)
        }
        #expect(guided.practice["a"] == 5 && unguided.practice["a"] == 10)
    }

    @Test func aWorkerNotYetReadyAndTheDefaultLearnAsBefore() {
        var novice = Self.learner(0.5, initialSkill: 0.05)
        novice.practise("a", at: .full)
        #expect(novice.practice["a"] == 1)
        var off = Self.learner(0, initialSkill: 0.9)
        off.practise("a", at: .full)
        #expect(off.practice["a"] == 1 && LearnerProfile(name: "x").guidanceLearning == 0)
    }

    @Test func theKeyIsReadFromAPopulationFile() throws {
        let yaml = "task: [{id: a, target-seconds: 5}]\nworkers: [{guidance-learning: 0.4}]\n"
        #expect(try PopulationFile.parse(yaml).get().workers[0].guidanceLearning == 0.4)
        if case .success = PopulationFile.parse(yaml.replacingOccurrences(of: "0.4", with: "1.5")) {
            Issue.record("guidance-learning 1.5 is out of range")
        }
    }
}
