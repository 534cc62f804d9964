import Testing
@testable import StepwiseCore

let day = 86_400.0

func practised(level: GuidanceLevel, daysAgo: Double, now: Instant, controls: CoachControls = .init()) -> WorkerSkill {
    WorkerSkill(
        worker: "w1", instructionSet: "bracket", steps: ["a": StepSkill(level: level, mastery: 0.8)],
        controls: controls, lastPractice: Instant(seconds: now.seconds - daysAgo * day))
}

@Suite struct MasteryAndAbsenceTests {
    let now = Instant(seconds: 1_700_000_000)

    @Test func masteryRisesMonotonicallyWithCleanRuns() {
        var learner = Learner()
        var previous = learner.skill.mastery
        for _ in 0..<20 {
            learner.run(cleanRun)
            #expect(learner.skill.mastery >= previous)
            previous = learner.skill.mastery
        }
        #expect(previous > 0.9)
    }

    @Test func masteryFallsOnWrongActionsAndIgnoresHelp() {
        let model = MasteryModel.standard
        #expect(model.update(0.8, correct: false) < 0.8)
        var learner = Learner()
        learner.skill.mastery = 0.5
        learner.run(StepObservation(durationSeconds: 10, targetSeconds: 10, helpRequested: true))
        #expect(learner.skill.mastery == 0.5)
    }

    @Test func forgettingDecaysWithDays() {
        let model = MasteryModel.standard
        #expect(model.forget(0.8, days: 0) == 0.8)
        #expect(model.forget(0.8, days: 10) < 0.8)
        #expect(model.forget(0.8, days: 30) < model.forget(0.8, days: 10))
        #expect(model.forget(0.8, days: 30) > 0)
    }

    @Test func twentyOneDaysAwayRaisesOneLevel() {
        let (skill, changes) = GuidanceModel.atLogin(
            practised(level: .silent, daysAgo: 21, now: now), at: now, policy: .init())
        #expect(skill.steps["a"]?.level == .location)
        #expect(
            changes == [
                LevelChange(step: "a", from: .silent, to: .location, cause: LevelChangeCause(.absence, count: 21))
            ])
        #expect(skill.steps["a"]!.mastery < 0.8)
    }

    @Test func sixWeeksAwayReturnsToFull() {
        let (skill, changes) = GuidanceModel.atLogin(
            practised(level: .silent, daysAgo: 50, now: now), at: now, policy: .init())
        #expect(skill.steps["a"]?.level == .full)
        #expect(changes.first?.cause == LevelChangeCause(.absence, count: 50))
        #expect(changes.first?.cause.sentence() == "50 days since last practice")
    }

    @Test func shortAbsenceKeepsLevel() {
        let (skill, changes) = GuidanceModel.atLogin(
            practised(level: .silent, daysAgo: 13, now: now), at: now, policy: .init())
        #expect(skill.steps["a"]?.level == .silent)
        #expect(changes.isEmpty)
    }

    @Test func absenceIsCountedOnceAndRespectsLock() {
        let (first, _) = GuidanceModel.atLogin(
            practised(level: .silent, daysAgo: 21, now: now), at: now, policy: .init())
        let (second, again) = GuidanceModel.atLogin(first, at: now.adding(seconds: 3600), policy: .init())
        #expect(again.isEmpty)
        #expect(second.steps["a"]?.level == .location)
        let locked = practised(level: .silent, daysAgo: 60, now: now, controls: CoachControls(locked: .silent))
        #expect(GuidanceModel.atLogin(locked, at: now, policy: .init()).changes.isEmpty)
    }

    @Test func transientRaisesRespectCeilingAndLockButHelpDoesNot() {
        #expect(GuidanceModel.transientRaise(from: .silent, controls: .init()) == .location)
        #expect(GuidanceModel.transientRaise(from: .location, controls: CoachControls(ceiling: .location)) == .location)
        #expect(GuidanceModel.transientRaise(from: .hint, controls: CoachControls(locked: .hint)) == .hint)
        #expect(GuidanceModel.helpLevel == .full)
    }
}
