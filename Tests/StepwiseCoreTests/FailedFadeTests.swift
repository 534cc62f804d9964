import Foundation
import Testing
@testable import StepwiseCore

/// A fade that trouble soon undoes asks for more evidence before the step fades again.
@Suite struct FailedFadeTests {
    let wrongRun = StepObservation(
        durationSeconds: 10, targetSeconds: 10, wrongActions: 1, wrongActionDetail: "bin-b.pick")

    /// Faded to hint after 3 clean runs, then an error at hint: back to full, one failed fade.
    func failedOnce() -> Learner {
        var learner = Learner()
        learner.run(cleanRun, times: 3)
        learner.run(wrongRun)
        return learner
    }

    @Test func troubleSoonAfterAFadeCountsAsAFailedFade() {
        let learner = failedOnce()
        #expect(learner.level == .full && learner.skill.failedFades == 1)
        #expect(GuidanceModel.cleanRunsToFade(learner.skill, policy: learner.policy) == 6)
    }

    @Test func theNextFadeNeedsTwiceTheCleanRunsAndSaysWhy() {
        var learner = failedOnce()
        learner.run(cleanRun, times: 5)
        #expect(learner.level == .full, "3 clean runs are no longer enough")
        learner.run(cleanRun)
        #expect(learner.level == .hint)
        let cause = learner.changes.last?.cause
        #expect(cause?.reason == .cleanRunsAgain && cause?.count == 6)
        #expect(cause?.sentence().contains("an earlier fade of this step went wrong") == true)
    }

    @Test func aFadeThatHoldsEarnsTheTrustBack() {
        var learner = failedOnce()
        learner.run(cleanRun, times: 6)  // fades to hint
        learner.run(cleanRun, times: 6)  // held at hint for twice the fade streak
        #expect(learner.skill.failedFades == 0)
        #expect(learner.level == .location, "the fade after a held one needs the policy's streak only")
    }

    @Test func failedFadesAreCapped() {
        var learner = Learner()
        for _ in 0..<10 {
            learner.run(cleanRun, times: GuidanceModel.cleanRunsToFade(learner.skill, policy: learner.policy))
            learner.run(wrongRun)
        }
        #expect(learner.skill.failedFades == learner.policy.failedFadeLimit)
        var off = Learner()
        off.policy.failedFadeLimit = 0
        off.run(cleanRun, times: 3)
        off.run(wrongRun)
        #expect(off.skill.failedFades == 0 && GuidanceModel.cleanRunsToFade(off.skill, policy: off.policy) == 3)
    }

    @Test func troubleLongAfterAFadeOrWithoutAFadeIsNoFailedFade() {
        var policy = GuidancePolicy()
        policy.floor = .hint
        var late = Learner(policy: policy)
        late.run(cleanRun, times: 3)  // fades to hint, the floor
        late.run(cleanRun, times: 7)  // holds it longer than twice the fade streak
        late.run(wrongRun)
        #expect(late.level == .full && late.skill.failedFades == 0)
        var atFull = Learner()
        atFull.run(wrongRun)
        #expect(atFull.skill.failedFades == 0, "nothing had faded")
        var held = Learner(level: .hint)
        held.run(bandRun, times: 2)
        held.run(wrongRun)
        #expect(held.skill.failedFades == 0, "hint was not reached by a fade")
    }

    @Test func skillSavedBeforeFailedFadesExistedStillLoads() throws {
        let old = #"{"level":2,"runs":12,"cleanStreak":1,"slowStreak":0,"runsAtLevel":4,"mastery":0.9}"#
        let skill = try JSONDecoder().decode(StepSkill.self, from: Data(old.utf8))
        #expect(skill.level == .hint && skill.runs == 12 && skill.failedFades == 0 && !skill.lastChangeWasFade)
        let again = try JSONDecoder().decode(StepSkill.self, from: JSONEncoder().encode(failedOnce().skill))
        #expect(again == failedOnce().skill)
    }
}
