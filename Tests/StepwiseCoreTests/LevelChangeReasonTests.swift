import Testing
@testable import StepwiseCore

/// Every level change the worker sees is logged with a reason a coach reads: the warm-up after a
/// break or an absence, its end, and fatigue late in a session.
@Suite struct LevelChangeReasonTests {
    static func silent(_ set: InstructionSet, lastPractice: Instant? = nil) -> WorkerSkill {
        StationMachineContextTests.silent(set, lastPractice: lastPractice)
    }

    func changes(_ station: Station) -> [QualityRecord] { station.records.filter { $0.kind == .levelChanged } }

    @Test func aReturnLogsTheWarmUpRaiseAndItsEnd() {
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: Self.silent(Fixture.simple, lastPractice: Station.instant(-2 * 86_400))))
        let raise = changes(station)
        #expect(raise.map(\.step) == ["pick"])
        #expect(raise.first?.detail == "warm-up: first cycle after 2 days away")
        #expect(
            raise.first?.reason == .warmUpReturn && raise.first?.reasonCount == 2 * 86_400 + 1,
            "the login comes one second after the start")
        #expect(raise.first?.previousLevel == .silent && raise.first?.level == .location)
        station.press("bin-a.pick")
        #expect(changes(station).last?.step == "place" && changes(station).last?.level == .location)
        station.press("place.ok")
        let back = changes(station).suffix(2)
        #expect(back.map(\.detail) == ["warm-up cycle done", "warm-up cycle done"])
        #expect(back.allSatisfy { $0.previousLevel == .location && $0.level == .silent })
        #expect(station.state.skill?.steps["pick"]?.level == .silent, "the stored level never changed")
    }

    @Test func aBreakInsideTheSessionNamesItsLength() {
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: Self.silent(Fixture.simple)))
        station.press("bin-a.pick")
        station.press("place.ok", after: 15 * 60)
        #expect(changes(station).map(\.detail) == ["warm-up after a 15 min break", "warm-up cycle done"])
        #expect(changes(station).map(\.step) == ["place", "place"], "only the step that was raised goes back")
        station.send(.deadline, after: 2)
        station.press("bin-a.pick", "place.ok")
        #expect(changes(station).count == 2, "the next cycle is no warm-up")
    }

    @Test func fatigueLogsEachRaiseWithoutTouchingTheStoredLevel() {
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: Self.silent(Fixture.simple)))
        station.press("bin-a.pick", after: 3.2 * 3600)
        station.press("place.ok", after: 12)
        station.send(.deadline, after: 2)
        // The 3.2 h before the first press was a pause: that cycle was a warm-up; fatigue
        // keeps the help up, so the warm-up's end logs no return.
        let raise = changes(station)
        #expect(raise.map(\.step) == ["pick", "place", "pick"])
        #expect(raise.prefix(2).allSatisfy { $0.detail == "warm-up after a 3.2 h break" })
        #expect(raise.last?.detail == "slower late in the session (3.2 h in): more help, no penalty")
        #expect(raise.last?.previousLevel == .silent && raise.last?.level == .location)
        #expect(station.state.skill?.steps["pick"]?.level == .silent)
    }

    @Test func aLockedWorkerGetsNoWarmUpAndNoRecord() {
        var skill = Self.silent(Fixture.simple, lastPractice: Station.instant(-86_400))
        skill.controls = CoachControls(locked: .silent)
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: skill))
        #expect(station.state.shownLevel(of: "pick", in: Fixture.simple) == .silent)
        #expect(changes(station).isEmpty)
    }

    @Test func helpWinsForTheRestOfTheCycleEvenOverALock() {
        var skill = Self.silent(Fixture.simple)
        skill.controls = CoachControls(locked: .silent)
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: skill))
        station.send(.help)
        #expect(station.state.shownLevel(of: "pick", in: Fixture.simple) == .full)
        station.press("bin-a.pick")
        #expect(station.state.shownLevel(of: "place", in: Fixture.simple) == .full, "the next step too")
        #expect(changes(station).map(\.detail) == ["help asked earlier in this cycle"])
        #expect(changes(station).map(\.reason) == [.helpInCycle])
        station.press("place.ok")
        station.send(.deadline, after: 2)
        #expect(
            station.state.shownLevel(of: "pick", in: Fixture.simple) == .silent, "the next cycle is the worker's own")
        #expect(station.state.skill?.steps["place"]?.level == .silent)
    }

    @Test func durationsReadAsACoachSaysThem() {
        #expect(LevelChangeReason.duration(7 * 60) == "7 min")
        #expect(LevelChangeReason.duration(3.25 * 3600) == "3.2 h")
        #expect(LevelChangeReason.duration(3 * 86_400) == "3 days")
        #expect(LevelChangeReason.duration(3.25 * 3600, dutch: true) == "3,2 u")
    }

    @Test func everyCodeReadsInEnglishAndDutch() {
        for reason in LevelChangeReason.allCases {
            let english = reason.sentence(count: 3, ratio: 0.96, version: "3.3", language: "en")
            let dutch = reason.sentence(count: 3, ratio: 0.96, version: "3.3", language: "nl")
            #expect(!english.isEmpty && !dutch.isEmpty)
            #expect(english != dutch, "\(reason.rawValue) has no Dutch sentence")
            #expect(!english.contains("?"), "\(reason.rawValue) reads its numbers")
        }
        #expect(
            LevelChangeReason.slowRuns.sentence(count: 2, ratio: 1.8, language: "nl")
                == "2 trage rondes (≥ 180 % van de streeftijd)")
        #expect(
            LevelChangeReason.warmUpBreak.sentence(count: 15 * 60, ratio: nil, language: "nl-BE")
                == "opwarmen na een pauze van 15 min")
    }

    @Test func codesAreTheLogsText() {
        #expect(LevelChangeReason.allCases.map(\.rawValue).contains("clean-runs"))
        #expect(LevelChangeReason(rawValue: "help-asked") == .helpAsked)
        #expect(Set(LevelChangeReason.allCases.map(\.rawValue)).count == LevelChangeReason.allCases.count)
    }
}
