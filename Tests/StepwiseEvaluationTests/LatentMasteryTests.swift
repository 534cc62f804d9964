import Testing
import StepwiseCore
@testable import StepwiseEvaluation

/// Latent mastery: each worker knows a step from the moment their skill passes the step's threshold.
@Suite struct LatentMasteryTests {
    static func learner(_ mastery: MasteryKind, threshold: Double = 0.5) -> Learner {
        var profile = LearnerProfile(name: "w")
        profile.initialSkill = 0.05
        profile.mastery = mastery
        return Learner(profile: profile, thresholds: ["a": threshold])
    }

    @Test func aStepIsUnknownUntilTheSkillPassesItsThreshold() {
        var learner = Self.learner(.latent, threshold: 0.6)
        #expect(learner.unknown("a") == 1)
        while learner.skill(of: "a") < 0.6 { learner.practise("a") }
        #expect(learner.unknown("a") == 0)
        learner.forget(days: 365)
        #expect(learner.unknown("a") == 1, "forgetting can make it strange again")
    }

    @Test func aKnownStepOnlySlipsWhateverIsShown() {
        var learner = Self.learner(.latent, threshold: 0.3)
        let unknown = GuidanceLevel.allCases.map { learner.errorProbability("a", at: $0) }
        #expect(Set(unknown).count == 4, "guidance prevents errors while the step is unknown")
        #expect(learner.neededLevel("a", tolerance: 0.02) == .full)
        for _ in 0..<10 { learner.practise("a") }
        let known = GuidanceLevel.allCases.map { learner.errorProbability("a", at: $0) }
        #expect(known.allSatisfy { $0 == learner.profile.slip })
        #expect(learner.neededLevel("a", tolerance: 0.02) == .silent)
        #expect(learner.helpProbability("a", at: .silent) == 0)
    }

    @Test func gradualMasteryKeepsTheSmoothModel() {
        var learner = Self.learner(.gradual, threshold: 0.3)
        for _ in 0..<10 { learner.practise("a") }
        #expect(abs(learner.unknown("a") - (1 - learner.skill(of: "a"))) < 1e-12)
        #expect(learner.errorProbability("a", at: .silent) > learner.errorProbability("a", at: .full))
    }

    @Test func thresholdsAreDrawnPerStepOnlyForLatentMastery() {
        var profile = LearnerProfile(name: "w")
        var random = SeededRandom(seed: 3)
        let latent = Learner(profile: profile, steps: ["a", "b"], random: &random)
        #expect(Set(latent.thresholds.keys) == ["a", "b"] && latent.thresholds["a"] != latent.thresholds["b"])
        profile.mastery = .gradual
        var untouched = SeededRandom(seed: 3)
        let gradual = Learner(profile: profile, steps: ["a", "b"], random: &untouched)
        var fresh = SeededRandom(seed: 3)
        #expect(gradual.thresholds.isEmpty && untouched.next() == fresh.next(), "no draw taken")
    }

    @Test func thePopulationFileChoosesTheMasteryKind() throws {
        let yaml = """
            task: [{id: a, target-seconds: 5}]
            defaults: {mastery: gradual}
            workers: [{name: x}, {name: y, mastery: latent}]
            """
        let population = try PopulationFile.parse(yaml).get()
        #expect(population.workers.map(\.mastery) == [.gradual, .latent])
        guard case .failure(let error) = PopulationFile.parse(yaml.replacingOccurrences(of: "gradual", with: "sudden"))
        else {
            Issue.record("an unknown mastery kind must be refused")
            return
        }
        #expect(error.message.contains("unknown mastery 'sudden'; expected one of latent, gradual"))
    }
}
