import Foundation
import Testing

@testable import StepwiseCore

/// The way out of the tempo trap: steady runs off tempo, with solid mastery, try one level less.
@Suite struct TrialFadeTests {
    /// 12 % over target: guidance's own cost for a master, between the fade and the raise tempo.
    let steadyOffTempo = StepObservation(durationSeconds: 11.2, targetSeconds: 10)
    let wrongRun = StepObservation(durationSeconds: 10, targetSeconds: 10, wrongActions: 1)

    /// A learner under a policy with the rule on (it is off by default).
    func learner() -> Learner {
        var policy = GuidancePolicy()
        policy.trialFadeRuns = 6
        return Learner(policy: policy)
    }

    @Test func steadyRunsOffTempoTryOneLevelLessAndSayWhy() {
        var learner = learner()
        learner.run(steadyOffTempo, times: learner.policy.trialFadeRuns - 1)
        #expect(learner.level == .full)
        learner.run(steadyOffTempo)
        #expect(learner.level == .hint)
        let cause = learner.changes.last?.cause
        #expect(cause?.reason == .trialFade && cause?.count == learner.policy.trialFadeRuns)
        #expect((cause?.ratio ?? 0) >= learner.policy.solidMastery)
        #expect(cause?.sentence().contains("trying one level less") == true)
    }

    @Test func troubleSoonAfterUndoesTheTrialAndTheNextNeedsMoreRuns() {
        var learner = learner()
        learner.run(steadyOffTempo, times: learner.policy.trialFadeRuns)
        learner.run(wrongRun)
        #expect(learner.level == .full && learner.skill.failedFades == 1)
        learner.run(steadyOffTempo, times: 2 * learner.policy.trialFadeRuns - 1)
        #expect(learner.level == .full, "a failed trial asks for the runs once more")
        learner.run(steadyOffTempo)
        #expect(learner.level == .hint)
    }

    @Test func theRuleIsOffByDefault() {
        var shipped = Learner()
        shipped.run(steadyOffTempo, times: 30)
        #expect(GuidancePolicy().trialFadeRuns == 0 && shipped.level == .full)
    }

    @Test func noTrialWithoutSolidMasteryWhenSlowOrWhenOff() {
        var unsure = learner()
        unsure.skill.mastery = 0
        unsure.policy.solidMastery = 1.01  // never solid
        unsure.run(steadyOffTempo, times: 30)
        #expect(unsure.level == .full)
        var slow = learner()
        slow.run(StepObservation(durationSeconds: 19, targetSeconds: 10), times: 30)
        #expect(slow.level == .full)
        var off = learner()
        off.policy.trialFadeRuns = 0
        off.run(steadyOffTempo, times: 30)
        #expect(off.level == .full)
    }
}
