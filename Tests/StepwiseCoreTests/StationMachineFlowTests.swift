import Testing
@testable import StepwiseCore

@Suite struct StationMachineFlowTests {
    @Test func idleShowsWelcome() {
        let station = Station()
        #expect(station.state.phase == .idle)
        #expect(
            station.machine.scene.items.map(\.content).contains {
                if case .cue(.welcome, _) = $0 { true } else { false }
            })
    }

    @Test func loginThenChooseVariantThenWork() {
        var station = Station()
        let login = station.send(.login("w1", skill: nil))
        #expect(station.kinds(login.records) == [.login])
        #expect(station.state.phase == .choosingWork)
        #expect(
            login.scene.items.contains {
                if case .cue(.chooseVariant(["V4", "V6"]), _) = $0.content { true } else { false }
            })
        let scan = station.send(.scanned("V4"))
        #expect(station.kinds(scan.records) == [.variantSelected, .stepStarted])
        #expect(scan.records[0].variant == "four")
        #expect(scan.records[1].step == "pick" && scan.records[1].level == .full && scan.records[1].cycle == 1)
        #expect(login.skill?.steps.count == 6, "every step gets an initial skill, persisted at once")
        #expect(station.state.phase == .working)
    }

    @Test func fullCycleThenNextCycleAfterPause() {
        var station = Station()
        station.startFour()
        station.cycleFour()
        #expect(station.state.phase == .cycleDone)
        let done = station.outputs.last!
        #expect(done.records.map(\.kind).suffix(2) == [.stepDone, .cycleDone])
        #expect(done.records.last?.durationSeconds == 8)
        #expect(done.skill?.cycles == 1)
        #expect(done.wakeUp == Station.instant(station.now + 2))
        let next = station.send(.deadline, after: 2)
        #expect(station.kinds(next.records) == [.stepStarted])
        #expect(next.records[0].cycle == 2 && next.records[0].step == "pick")
        #expect(station.state.phase == .working && station.state.stageIndex == 0)
    }

    @Test func inputDuringCycleDonePauseStartsTheNextCycle() {
        var station = Station()
        station.startFour()
        station.cycleFour()
        let records = station.press("bin-a.pick", after: 0.5)
        #expect(station.kinds(records) == [.stepStarted, .stepDone, .stepStarted])
        #expect(station.state.runs.first?.step == "place")
    }

    @Test func stepsLogStartAndDoneWithDurations() {
        var station = Station()
        station.startFour()
        let records = station.press("bin-a.pick", after: 3)
        #expect(station.kinds(records) == [.stepDone, .stepStarted])
        #expect(records[0].durationSeconds == 3 && records[0].step == "pick")
        #expect(records[0].worker == "w1" && records[0].instructionSet == "bracket" && records[0].contentHash == "h1")
        #expect(records[0].version == "1" && records[0].cell == "cell-1")
    }

    @Test func countsFourTorqueOks() {
        var station = Station()
        station.startFour()
        station.press("bin-a.pick", "place.ok")
        for _ in 0..<3 { #expect(station.kinds(station.press("torque.ok")).isEmpty) }
        #expect(station.state.runs[0].counts["torque.ok"] == 3)
        #expect(station.kinds(station.press("torque.ok")) == [.stepDone, .stepStarted, .stepStarted])
    }

    @Test func anyOfCompletesWithEitherInput() {
        for input in ["fixture.closed", "place.ok"] {
            var station = Station()
            station.startFour()
            station.press("bin-a.pick")
            #expect(station.press(input).first?.step == "place")
        }
    }

    @Test func allOfNeedsEveryPartAndVariantStepsOnlyInTheirVariant() {
        var station = Station()
        station.send(.login("w1", skill: nil))
        station.send(.select("bracket", variant: "six"))
        station.press("bin-a.pick", "place.ok", "torque.ok", "torque.ok", "torque.ok", "torque.ok")
        #expect(station.state.runs.map(\.step) == ["extra"])
        #expect(station.press("torque.ok", "torque.ok").isEmpty)
        #expect(station.press("extra.done").first?.step == "extra")
        var four = Station()
        four.startFour()
        four.press("bin-a.pick", "place.ok", "torque.ok", "torque.ok", "torque.ok", "torque.ok")
        #expect(four.state.runs.map(\.step) == ["check-1", "check-2"], "the six-screw step is skipped")
    }

    @Test func groupStepsInAnyOrder() {
        var station = Station()
        station.startFour()
        station.press("bin-a.pick", "place.ok", "torque.ok", "torque.ok", "torque.ok", "torque.ok")
        let first = station.press("check.2")
        #expect(station.kinds(first) == [.stepDone])
        #expect(first[0].step == "check-2")
        #expect(station.state.runs.map(\.done) == [false, true])
        #expect(station.press("check.2").isEmpty, "a done step does not count again")
        let last = station.press("check.1")
        #expect(station.kinds(last) == [.stepDone, .cycleDone])
    }

    @Test func ignoredInputsAreNotErrors() {
        var station = Station()
        station.startFour()
        #expect(station.press("check.1", "torque.ok").isEmpty)
        #expect(station.state.cue == nil)
        #expect(station.state.runs[0].wrongActions == 0)
    }

    @Test func singleSetWithoutVariantsStartsAtOnce() {
        var station = Station(sets: [Fixture.simple])
        let login = station.send(.login("w1", skill: nil))
        #expect(station.kinds(login.records) == [.login, .variantSelected, .stepStarted])
        #expect(station.state.phase == .working)
    }

    @Test func selectBySetIdCodeAmongSeveralSets() {
        var station = Station(sets: [Fixture.bracket(), Fixture.simple])
        station.send(.login("w1", skill: nil))
        #expect(station.state.phase == .choosingWork)
        station.send(.scanned("simple"))
        #expect(station.state.instructionSet == "simple" && station.state.phase == .working)
        station.send(.select("bracket", variant: nil))
        #expect(station.state.phase == .choosingWork, "a set with variants waits for the variant")
        station.send(.scanned("V6"))
        #expect(station.state.variant == "six" && station.state.phase == .working)
    }

    @Test func unknownCodeIsIgnored() {
        var station = Station()
        station.send(.login("w1", skill: nil))
        let out = station.send(.scanned("nonsense"))
        #expect(out.records.isEmpty && station.state.phase == .choosingWork)
    }

    @Test func logoutReturnsToIdleAndKeepsNoWorker() {
        var station = Station()
        station.startFour()
        let out = station.send(.logout)
        #expect(station.kinds(out.records) == [.logout])
        #expect(station.state.phase == .idle && station.state.worker == nil)
        #expect(out.lamps.isEmpty)
    }

    @Test func skillCarriesAcrossLoginsWithCycles() {
        var station = Station()
        station.startFour()
        station.cycleFour()
        let skill = station.state.skill!
        var second = Station()
        second.startFour(skill: skill)
        #expect(second.records.last?.cycle == 2)
        #expect(second.state.skill?.steps["pick"]?.runs == 1)
    }
}
