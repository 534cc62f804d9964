import Testing
@testable import StepwiseCore

@Suite struct StationMachineEdgeTests {
    @Test func loginWhileLoggedInLogsTheOtherOut() {
        var station = Station()
        station.startFour()
        let out = station.send(.login("w2", skill: nil))
        #expect(station.kinds(out.records) == [.logout, .login])
        #expect(out.records[0].worker == "w1" && out.records[1].worker == "w2")
        #expect(station.state.worker == "w2" && station.state.phase == .choosingWork)
    }

    @Test func helpRaiseIsTransientForALockedWorker() {
        var station = Station()
        let skill = WorkerSkill(worker: "w1", instructionSet: "bracket", controls: CoachControls(locked: .silent))
        station.startFour(skill: skill)
        station.send(.help)
        let set = Fixture.bracket()
        #expect(station.state.shownLevel(of: "pick", in: set) == .full)
        station.cycleFour()
        station.send(.deadline, after: 2)
        #expect(station.state.shownLevel(of: "pick", in: set) == .silent)
        #expect(station.state.skill?.steps["pick"]?.level == .silent)
    }

    @Test func confirmOutsideWorkDoesNothing() {
        var station = Station()
        #expect(station.send(.confirm).records.isEmpty)
        station.send(.login("w1", skill: nil))
        #expect(station.send(.activated("confirm.button")).records.isEmpty)
    }

    @Test func faultWhileIdleShowsWelcomeAndFault() {
        var station = Station()
        let out = station.send(.fault(DeviceFault(device: "projector", kind: .projector, message: "No picture")))
        #expect(out.scene.items.map(\.key) == ["cue", "fault"])
        #expect(out.records.first?.worker == nil)
        station.startFour()
        #expect(station.state.faults.count == 1, "faults outlive logins")
        #expect(station.kinds(station.send(.faultCleared(device: "unknown")).records).isEmpty)
    }

    @Test func longPausesInsideAStepAreBreaksNotSlowness() {
        var station = Station()
        station.startFour()
        station.press("bin-a.pick", "place.ok")
        station.press("torque.ok", "torque.ok")
        station.press("torque.ok", after: 400)
        let done = station.press("torque.ok")
        #expect(done.first?.durationSeconds == 403)
        #expect(station.state.skill?.steps["screw"]?.cleanStreak == 1)
        #expect(station.state.skill?.steps["screw"]?.slowStreak == 0)
    }

    @Test func groupWakeUpIsTheEarliestOpenDeadline() {
        var station = Station()
        station.startFour()
        station.press("bin-a.pick", "place.ok", "torque.ok", "torque.ok", "torque.ok", "torque.ok")
        #expect(station.outputs.last?.wakeUp == Station.instant(station.now + 9), "3 s target × 3")
        station.press("check.1", after: 2)
        #expect(
            station.outputs.last?.wakeUp == Station.instant(station.now + 9),
            "the open check counts from the last completion")
    }

    @Test func wrongActionInGroupMarksOnlyThatRun() {
        var station = Station()
        var set = Fixture.bracket()
        set.sequence[4] = .group(
            StepGroup(
                id: "checks", title: Fixture.text("Checks"),
                steps: [
                    Fixture.check1,
                    Step(
                        id: "check-2", text: Fixture.text("Check the label"), targetSeconds: 3,
                        completion: .input("check.2", count: 1),
                        wrongActions: [WrongAction(input: "bin-b.pick", kind: .other)]),
                ]))
        station = Station(sets: [set])
        station.startFour()
        station.press("bin-a.pick", "place.ok", "torque.ok", "torque.ok", "torque.ok", "torque.ok")
        let wrong = station.press("bin-b.pick")
        #expect(wrong.first?.step == "check-2" && wrong.first?.detail == "other")
        #expect(station.state.runs.map(\.wrongActions) == [0, 1])
        station.press("check.1")
        #expect(station.state.cue == nil, "progress clears the cue")
    }

    @Test func selectingAnotherVariantMidCycleStartsOver() {
        var station = Station()
        station.startFour()
        station.press("bin-a.pick")
        let out = station.send(.scanned("V6"))
        #expect(station.kinds(out.records) == [.variantSelected, .stepStarted])
        #expect(station.state.variant == "six" && station.state.stageIndex == 0)
    }

    @Test func noHesitationWhileWaitingForHelp() {
        var station = Station()
        station.startFour()
        #expect(station.outputs.last?.wakeUp != nil)
        #expect(station.send(.help).wakeUp == nil)
        #expect(station.send(.deadline, after: 100).records.isEmpty)
        #expect(station.state.cue == .helpComing)
    }

    @Test func strayInputDuringCycleDonePauseIsIgnored() {
        var station = Station()
        station.startFour()
        station.cycleFour()
        #expect(station.press("check.1", after: 0.5).isEmpty)
        #expect(station.state.phase == .cycleDone)
    }
}
