import Testing
@testable import StepwiseCore

/// Group trouble, the warm-up after a break, and fatigue, as the station machine applies them.
@Suite struct StationMachineContextTests {
    /// `pick` then an any-order group of two checks; `bin-b.pick` is a wrong action at check 1.
    static let checks: InstructionSet = {
        let first = Step(
            id: "c1", text: Fixture.text("Check 1"), targetSeconds: 5, completion: .input("check.1", count: 1),
            wrongActions: [WrongAction(input: "bin-b.pick", kind: .wrongPick)])
        let second = Step(
            id: "c2", text: Fixture.text("Check 2"), targetSeconds: 5, completion: .input("check.2", count: 1))
        return InstructionSet(
            id: "checks", version: "1", title: Fixture.text("Checks"), variants: [],
            sequence: [
                .step(Fixture.pick), .group(StepGroup(id: "g", title: Fixture.text("G"), steps: [first, second])),
            ],
            contentHash: "c")
    }()

    static func silent(_ set: InstructionSet, lastPractice: Instant? = nil) -> WorkerSkill {
        var steps: [String: StepSkill] = [:]
        for step in set.allSteps { steps[step.id.rawValue] = StepSkill(level: .silent, mastery: 0.9) }
        return WorkerSkill(worker: "w1", instructionSet: set.id, steps: steps, lastPractice: lastPractice)
    }

    @Test func repeatedTroubleInAGroupRaisesTheWholeGroup() {
        var station = Station(sets: [Self.checks])
        station.send(.login("w1", skill: Self.silent(Self.checks)))
        station.press("bin-a.pick", "bin-b.pick", "bin-b.pick", "check.1", "check.2")
        let changes = station.records.filter { $0.kind == .levelChanged }
        #expect(changes.map(\.step) == ["c1", "c2"])
        #expect(changes.last?.reason == .groupTrouble && changes.last?.reasonCount == 2)
        #expect(changes.last?.detail == "2 signs of trouble in the group this cycle")
        #expect(station.state.skill?.steps["c2"]?.level == .location)
        #expect(station.state.skill?.steps["pick"]?.level == .silent, "steps outside the group keep their level")
    }

    @Test func oneSignOfTroubleRaisesOnlyItsStep() {
        var station = Station(sets: [Self.checks])
        station.send(.login("w1", skill: Self.silent(Self.checks)))
        station.press("bin-a.pick", "bin-b.pick", "check.1", "check.2")
        #expect(station.records.filter { $0.kind == .levelChanged }.map(\.step) == ["c1"])
    }

    @Test func aBreakForgivesTheHesitationAndWarmsUpTheRestOfTheCycle() {
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: Self.silent(Fixture.simple)))
        station.send(.deadline, after: 20)  // hesitation while the worker is away
        #expect(station.state.runs.first?.hesitated == true)
        station.press("bin-a.pick", after: 400)
        let changes = station.records.filter { $0.kind == .levelChanged }
        #expect(changes.map(\.detail) == ["warm-up after a 7 min break"], "a break is not trouble: only the warm-up")
        #expect(station.state.skill?.steps["pick"]?.level == .silent)
        #expect(station.state.shownLevel(of: "place", in: Fixture.simple) == .location, "warm-up: one level more")
        station.press("place.ok")
        station.send(.deadline, after: 2)
        #expect(station.state.phase == .working && !station.state.warmUp)
        #expect(
            station.state.shownLevel(of: "pick", in: Fixture.simple) == .silent, "only the first cycle after the break")
    }

    @Test func aReturnAfterABreakStartsWithAWarmUpCycle() {
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: Self.silent(Fixture.simple, lastPractice: Station.instant(-3600))))
        #expect(station.state.shownLevel(of: "pick", in: Fixture.simple) == .location)
        station.press("bin-a.pick", "place.ok")
        station.send(.deadline, after: 2)
        #expect(station.state.shownLevel(of: "pick", in: Fixture.simple) == .silent)
    }

    @Test func aSolidStepNeedsNoWarmUpButFatigueStillRaisesIt() {
        var skill = Self.silent(Fixture.simple, lastPractice: Station.instant(-3600))
        skill.steps["pick"]?.mastery = 0.99  // above the default solid-mastery 0.95, after an hour's forgetting
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: skill))
        #expect(
            station.state.warmUp && station.state.shownLevel(of: "pick", in: Fixture.simple) == .silent,
            "solid: no warm-up")
        station.press("bin-a.pick")
        #expect(station.state.shownLevel(of: "place", in: Fixture.simple) == .location, "still being learned: warm-up")
        station.press("place.ok")
        station.send(.deadline, after: 2)
        station.press("bin-a.pick", after: 3.2 * 3600)
        station.press("place.ok", after: 12)  // slow late in the session: fatigue
        station.send(.deadline, after: 2)
        #expect(station.state.fatigued && station.state.shownLevel(of: "pick", in: Fixture.simple) == .location)
    }

    @Test func warmUpCanBeTurnedOff() {
        var set = Fixture.simple
        set.policy.warmUpAfterBreak = false
        var station = Station(sets: [set])
        station.send(.login("w1", skill: Self.silent(set, lastPractice: Station.instant(-3600))))
        #expect(station.state.shownLevel(of: "pick", in: set) == .silent)
    }

    @Test func slownessLateInTheSessionIsFatigueMoreHelpNoPenalty() {
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: Self.silent(Fixture.simple)))
        station.press("bin-a.pick", after: 3.2 * 3600)
        station.press("place.ok", after: 12)  // 240 % of target, late in the session
        #expect(station.state.fatigued)
        let changes = station.records.filter { $0.kind == .levelChanged }
        #expect(changes.allSatisfy { $0.detail?.hasPrefix("warm-up") == true }, "only the warm-up after the long pause")
        #expect(
            station.state.skill?.steps["place"]?.level == .silent
                && station.state.skill?.steps["place"]?.slowStreak == 0)
        station.send(.deadline, after: 2)
        #expect(station.state.shownLevel(of: "pick", in: Fixture.simple) == .location, "more help until logout")
    }

    @Test func theSameSlownessEarlyInTheSessionCounts() {
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: Self.silent(Fixture.simple)))
        station.press("bin-a.pick")
        station.press("place.ok", after: 12)
        #expect(!station.state.fatigued && station.state.skill?.steps["place"]?.slowStreak == 1)
    }
}
