import Testing
import StepwiseCore
@testable import StepwiseEvaluation

/// Each baseline's rule on hand-made runs.
@Suite struct PolicyRuleTests {
    @Test func motionEAPStartLevelFollowsTheErrorRatio() {
        #expect(MotionEAP.startLevel(errors: 0, errorFree: 0) == .full)
        #expect(MotionEAP.startLevel(errors: 4, errorFree: 4) == .full)
        #expect(MotionEAP.startLevel(errors: 2, errorFree: 4) == .hint)
        #expect(MotionEAP.startLevel(errors: 1, errorFree: 4) == .location)
    }

    @Test func motionEAPDropsALevelOnErrorOrSlownessAndNeverPromotesDuringWork() {
        var policy = MotionEAP()
        policy.startSession(at: Instant(seconds: 0))
        for _ in 0..<20 { policy.finish(Fixture.run()) }
        #expect(policy.level(of: Fixture.task.steps[0]) == .full, "no promotion during work")
        policy.startSession(at: Instant(seconds: 1))
        #expect(policy.level(of: Fixture.task.steps[0]) == .location, "no errors: least help at workflow start")
        policy.finish(Fixture.run(seconds: 19))
        #expect(policy.current == .hint, "slower than expected: one level more at once")
        policy.finish(Fixture.run(error: true))
        #expect(policy.current == .full)
        policy.finish(Fixture.run(error: true))
        #expect(policy.current == .full)
    }

    @Test func tempoThresholdFadesAfterThreeOnTempoCyclesAndRaisesOnError() {
        var policy = TempoThreshold(task: Fixture.task)
        func cycle(_ seconds: Double, error: Bool = false) {
            policy.finish(Fixture.run("a", seconds: seconds, error: error))
            policy.finish(Fixture.run("b", seconds: seconds))
            policy.endCycle(at: Instant(seconds: 0))
        }
        cycle(10)
        cycle(10)
        #expect(policy.current == .full)
        cycle(10)
        #expect(policy.current == .hint)
        cycle(10)
        cycle(10)
        cycle(13)  // the slow cycle restarts the streak
        cycle(10)
        cycle(10)
        #expect(policy.current == .hint)
        cycle(10)
        #expect(policy.current == .location)
        cycle(10, error: true)
        #expect(policy.current == .hint)
    }

    @Test func tempoThresholdKeepsTheCoachFloor() {
        var policy = TempoThreshold(task: Fixture.task, floor: .hint)
        for _ in 0..<12 {
            policy.finish(Fixture.run("a"))
            policy.finish(Fixture.run("b"))
            policy.endCycle(at: Instant(seconds: 0))
        }
        #expect(policy.current == .hint)
    }

    @Test func alwaysFullIsFull() {
        #expect(AlwaysFull().level(of: Fixture.task.steps[1]) == .full)
    }
}
