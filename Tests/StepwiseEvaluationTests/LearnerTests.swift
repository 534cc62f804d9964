import Testing
import StepwiseCore
@testable import StepwiseEvaluation

@Suite struct LearnerTests {
    static func novice() -> Learner {
        var profile = LearnerProfile(name: "n")
        profile.initialSkill = 0.05
        return Learner(profile: profile)
    }

    @Test func errorsFallWithPractice() {
        var learner = Self.novice()
        let before = learner.errorProbability("a", at: .hint)
        for _ in 0..<50 { learner.practise("a") }
        #expect(learner.errorProbability("a", at: .hint) < before / 2)
        #expect(learner.skill(of: "a") > 0.8 && abs(learner.skill(of: "b") - 0.05) < 1e-9, "practice is per step")
    }

    @Test func moreGuidanceMeansFewerNoviceErrors() {
        let learner = Self.novice()
        let byLevel = [GuidanceLevel.silent, .location, .hint, .full].map { learner.errorProbability("a", at: $0) }
        #expect(byLevel == byLevel.sorted(by: >) && Set(byLevel).count == 4)
        #expect(learner.neededLevel("a", tolerance: 0.02) == .full)
    }

    @Test func fullGuidanceSlowsAnExpertAndSpeedsANovice() {
        var expert = LearnerProfile(name: "e")
        expert.initialSkill = 1
        let step = SimulatedTask.Step(id: "a", targetSeconds: 10)
        let master = Learner(profile: expert), novice = Self.novice()
        #expect(
            master.workSeconds(step, at: .full, fatigue: 0, noise: 0)
                > master.workSeconds(step, at: .silent, fatigue: 0, noise: 0))
        #expect(
            novice.workSeconds(step, at: .full, fatigue: 0, noise: 0)
                < novice.workSeconds(step, at: .silent, fatigue: 0, noise: 0))
        #expect(master.neededLevel("a", tolerance: 0.02) == .silent)
    }

    @Test func forgettingAndFatigue() {
        var learner = Self.novice()
        for _ in 0..<20 { learner.practise("a") }
        let practised = learner.skill(of: "a")
        learner.forget(days: 60)
        #expect(learner.skill(of: "a") < practised)
        #expect(learner.fatigue(hoursIntoSession: 1) == 0 && learner.fatigue(hoursIntoSession: 4) > 0)
    }

    @Test func seededStreamsRepeatAndDiffer() {
        var a = SeededRandom.stream(seed: 7, 1), b = SeededRandom.stream(seed: 7, 1),
            c = SeededRandom.stream(seed: 7, 2)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
        var u = SeededRandom(seed: 1)
        #expect((0..<1000).map { _ in u.uniform() }.allSatisfy { $0 >= 0 && $0 < 1 })
    }
}
