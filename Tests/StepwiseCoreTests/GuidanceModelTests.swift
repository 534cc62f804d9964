import Testing
@testable import StepwiseCore

/// Runs observations through the model, collecting the level changes.
struct Learner {
    var skill: StepSkill
    var policy = GuidancePolicy()
    var controls = CoachControls()
    var changes: [LevelChange] = []

    init(level: GuidanceLevel = .full, policy: GuidancePolicy = GuidancePolicy(), controls: CoachControls = .init()) {
        self.skill = StepSkill(level: level)
        self.policy = policy
        self.controls = controls
    }

    var level: GuidanceLevel { GuidanceModel.level(of: skill, policy: policy, controls: controls) }

    mutating func run(_ observation: StepObservation, times: Int = 1) {
        for _ in 0..<times {
            let (next, change) = GuidanceModel.observe(
                observation, step: "s", skill: skill, policy: policy, controls: controls)
            skill = next
            if let change { changes.append(change) }
        }
    }
}

let cleanRun = StepObservation(durationSeconds: 10, targetSeconds: 10)
let slowRun = StepObservation(durationSeconds: 19, targetSeconds: 10)
let bandRun = StepObservation(durationSeconds: 14, targetSeconds: 10)

@Suite struct GuidanceModelTests {
    @Test func fadesOneLevelAfterThreeCleanRuns() {
        var learner = Learner()
        learner.run(cleanRun, times: 2)
        #expect(learner.level == .full)
        learner.run(cleanRun)
        #expect(learner.level == .hint)
        #expect(
            learner.changes == [
                LevelChange(
                    step: "s", from: .full, to: .hint,
                    cause: LevelChangeCause(.cleanRuns, count: 3, ratio: learner.skill.mastery))
            ])
    }

    @Test func fadesOnlyOneLevelAtATimeAndStreakRestarts() {
        var learner = Learner()
        learner.run(cleanRun, times: 5)
        #expect(learner.level == .hint)
        learner.run(cleanRun)
        #expect(learner.level == .location)
        #expect(learner.changes.map(\.to) == [.hint, .location])
    }

    @Test func minimumDwellHoldsTheLevel() {
        var policy = GuidancePolicy()
        policy.fadeAfterCleanRuns = 1
        policy.minimumDwellRuns = 3
        var learner = Learner(policy: policy)
        learner.run(cleanRun, times: 2)
        #expect(learner.level == .full)
        learner.run(cleanRun)
        #expect(learner.level == .hint)
        learner.run(cleanRun, times: 2)
        #expect(learner.level == .hint, "dwell restarts at the new level")
        learner.run(cleanRun)
        #expect(learner.level == .location)
    }

    @Test func neverFadesBelowPolicyFloorOrCoachFloor() {
        var policy = GuidancePolicy()
        policy.floor = .location
        var learner = Learner(policy: policy)
        learner.run(cleanRun, times: 30)
        #expect(learner.level == .location)
        var coached = Learner(controls: CoachControls(floor: .hint))
        coached.run(cleanRun, times: 30)
        #expect(coached.level == .hint)
        #expect(coached.changes.count == 1)
    }

    @Test func ceilingCapsRaises() {
        var learner = Learner(level: .silent, controls: CoachControls(ceiling: .location))
        learner.run(StepObservation(durationSeconds: 10, targetSeconds: 10, helpRequested: true))
        #expect(learner.level == .location)
        learner.run(StepObservation(durationSeconds: 10, targetSeconds: 10, wrongActions: 1))
        #expect(learner.level == .location)
    }

    @Test func lockedLevelWinsOverFadingAndRaising() {
        var learner = Learner(controls: CoachControls(locked: .hint))
        #expect(learner.level == .hint)
        learner.run(cleanRun, times: 10)
        learner.run(StepObservation(durationSeconds: 10, targetSeconds: 10, wrongActions: 2))
        learner.run(slowRun, times: 5)
        #expect(learner.level == .hint)
        #expect(learner.changes.isEmpty)
        #expect(learner.skill.runs == 16, "runs still count while locked")
    }

    @Test func wrongActionRaisesOneLevelAtOnceWithReadableReason() {
        var learner = Learner(level: .location)
        learner.run(
            StepObservation(
                durationSeconds: 8, targetSeconds: 10, wrongActions: 1, wrongActionDetail: "bin-b.pick (wrong-pick)"))
        #expect(learner.level == .hint)
        #expect(learner.changes.last?.cause == LevelChangeCause(.errors, count: 1))
        #expect(learner.changes.last?.cause.sentence() == "wrong action")
    }

    @Test func helpRaisesToFull() {
        var learner = Learner(level: .silent)
        learner.run(StepObservation(durationSeconds: 8, targetSeconds: 10, helpRequested: true))
        #expect(learner.level == .full)
        #expect(learner.changes.last?.cause.reason == .helpAsked)
    }

    @Test func hesitationRaisesOneLevel() {
        var learner = Learner(level: .silent)
        learner.run(StepObservation(durationSeconds: 35, targetSeconds: 10, hesitated: true))
        #expect(learner.level == .location)
        #expect(learner.changes.last?.cause.reason == .hesitation)
    }

    @Test func troubleResetsTheCleanStreak() {
        var learner = Learner()
        learner.run(cleanRun, times: 2)
        learner.run(StepObservation(durationSeconds: 10, targetSeconds: 10, wrongActions: 1))
        learner.run(cleanRun, times: 2)
        #expect(learner.level == .full)
        learner.run(cleanRun)
        #expect(learner.level == .hint)
    }

    @Test func slowStreakRaisesOnlyAfterTwoSlowRuns() {
        var learner = Learner(level: .location)
        learner.run(slowRun)
        #expect(learner.level == .location)
        learner.run(slowRun)
        #expect(learner.level == .hint)
        #expect(learner.changes.last?.cause == LevelChangeCause(.slowRuns, count: 2, ratio: 1.8))
        #expect(learner.changes.last?.cause.sentence() == "2 slow runs (≥ 180 % of target)")
    }

    @Test func aSlowRunBetweenCleanOnesDoesNotRaise() {
        var learner = Learner(level: .location)
        for _ in 0..<10 {
            learner.run(slowRun)
            learner.run(cleanRun)
        }
        #expect(learner.level == .location)
        #expect(learner.changes.isEmpty)
    }

    @Test func hysteresisBandDoesNotFlapOverFiftyAlternatingRuns() {
        for other in [slowRun, cleanRun] {
            var learner = Learner(level: .hint)
            for i in 0..<50 { learner.run(i.isMultiple(of: 2) ? bandRun : other) }
            #expect(learner.changes.isEmpty, "band alternating with \(other.tempo)")
            #expect(learner.level == .hint)
        }
        var edge = Learner(level: .hint)
        for i in 0..<50 {
            edge.run(StepObservation(durationSeconds: i.isMultiple(of: 2) ? 11.5 : 17.5, targetSeconds: 10))
        }
        #expect(edge.changes.isEmpty)
    }

    @Test func breaksAreNotSlowness() {
        var learner = Learner()
        let withBreak = StepObservation(durationSeconds: 610, targetSeconds: 10, pausedSeconds: 600)
        #expect(withBreak.tempo == 1.0)
        learner.run(withBreak, times: 3)
        #expect(learner.level == .hint)
        #expect(GuidanceModel.breakSeconds(in: [12, 301, 299, 900], policy: GuidancePolicy()) == 1201)
    }

    @Test func confirmedByHandNeitherFadesNorRaises() {
        var learner = Learner()
        learner.run(StepObservation(durationSeconds: 10, targetSeconds: 10, confirmedByHand: true), times: 6)
        #expect(learner.level == .full)
        #expect(learner.skill.runs == 6)
    }

    @Test func cleanRunDefinition() {
        let policy = GuidancePolicy()
        #expect(GuidanceModel.isClean(cleanRun, policy: policy))
        #expect(GuidanceModel.isClean(StepObservation(durationSeconds: 11, targetSeconds: 10), policy: policy))
        #expect(!GuidanceModel.isClean(bandRun, policy: policy))
        #expect(
            !GuidanceModel.isClean(
                StepObservation(durationSeconds: 5, targetSeconds: 10, helpRequested: true), policy: policy))
    }

    @Test func coachFloorAboveStoredLevelIsShown() {
        let skill = StepSkill(level: .silent)
        #expect(GuidanceModel.level(of: skill, policy: .init(), controls: CoachControls(floor: .hint)) == .hint)
        #expect(
            GuidanceModel.level(
                of: StepSkill(level: .full), policy: .init(), controls: CoachControls(ceiling: .location)) == .location)
        #expect(GuidanceModel.initialSkill(policy: .init(), controls: CoachControls(ceiling: .hint)).level == .hint)
    }
}
