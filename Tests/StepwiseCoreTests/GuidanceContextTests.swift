import Testing
@testable import StepwiseCore

/// The mastery estimate in the level choice, fatigue, and the coach's "never below hint".
@Suite struct MasteryRuleTests {
    @Test func fadeWaitsForTheMasteryEstimate() {
        var policy = GuidancePolicy()
        policy.fadeMastery = 0.99
        var learner = Learner(policy: policy)
        learner.run(cleanRun, times: 3)
        #expect(learner.level == .full, "three clean runs leave the estimate near 0.96, under 0.99")
        learner.run(cleanRun, times: 2)
        #expect(learner.level == .hint)
        #expect(learner.changes.first?.cause.sentence().contains("(mastery 99 %)") == true)
    }

    @Test func fadeReasonShowsTheEstimate() {
        var learner = Learner()
        learner.run(cleanRun, times: 3)
        #expect(learner.changes.first?.cause.sentence() == "3 clean runs on tempo (mastery 96 %)")
    }

    @Test func estimateFallingBelowTheRaiseLineRaisesOnce() {
        var policy = GuidancePolicy()
        policy.raiseAfterSlowRuns = 10  // tempo alone would not raise yet
        var learner = Learner(level: .hint, policy: policy)
        learner.skill.mastery = 0.3  // one slow run takes it to about 0.19
        learner.run(slowRun)
        #expect(learner.level == .full)
        #expect(learner.changes.last?.cause.reason == .mastery)
        learner.skill.level = .hint
        learner.run(slowRun)
        #expect(learner.level == .hint, "still under the line: no second raise without a new crossing")
    }

    @Test func slownessLateInAShiftIsNoPenalty() {
        var learner = Learner(level: .location)
        learner.skill.mastery = 0.9
        var tired = slowRun
        tired.lateInShift = true
        learner.run(tired, times: 3)
        #expect(learner.level == .location && learner.changes.isEmpty)
        #expect(learner.skill.mastery == 0.9 && learner.skill.slowStreak == 0)
        #expect(tired.isFatigued(GuidancePolicy()) && !tired.isSlow(GuidancePolicy()))
        learner.run(slowRun, times: 2)
        #expect(learner.level == .hint, "the same slowness earlier in the day still counts")
    }

    @Test func neverFadesBelowHintForAWorkerWhoReliesOnTheCoach() {
        var learner = Learner(controls: CoachControls(floor: .hint))
        learner.run(cleanRun, times: 30)
        #expect(learner.level == .hint)
        #expect(learner.changes.map(\.to) == [.hint])
        learner.run(StepObservation(durationSeconds: 10, targetSeconds: 10, wrongActions: 1))
        #expect(learner.level == .full, "raising still works above the floor")
    }
}
