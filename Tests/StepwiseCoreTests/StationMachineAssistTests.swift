import Testing
@testable import StepwiseCore

@Suite struct StationMachineAssistTests {
    @Test func wrongActionIsLoggedRaisesAtOnceAndShowsCalmCue() {
        var station = Station()
        let skill = WorkerSkill(worker: "w1", instructionSet: "bracket", steps: ["pick": StepSkill(level: .silent)])
        station.startFour(skill: skill)
        let out = station.send(.activated("bin-b.pick"))
        #expect(station.kinds(out.records) == [.wrongAction])
        #expect(
            out.records[0].input == "bin-b.pick" && out.records[0].detail == "wrong-pick"
                && out.records[0].level == .silent)
        #expect(station.state.shownLevel(of: "pick", in: Fixture.bracket()) == .location)
        #expect(
            out.scene.items.contains {
                $0.content
                    == .cue(
                        .tryAgain("Take from the green bin"),
                        frame: PanelLayout(panel: Fixture.panel, minimumTextMM: 12).cue)
            })
        #expect(
            out.scene.items.contains {
                $0.key == "attention:bin-b" && $0.content == .zone(Fixture.rect(120, 400, 100, 100), role: .attention)
            })
        #expect(out.lamps == ["lamp.bin-a"], "the raised level shows the right bin")
        let done = station.press("bin-a.pick")
        #expect(station.kinds(done) == [.stepDone, .levelChanged, .stepStarted])
        #expect(done[1].reason == .errors && done[1].reasonCount == 1 && done[1].detail == "wrong action")
        #expect(done[1].previousLevel == .silent && done[1].level == .location)
        #expect(!done.contains { $0.kind == .wrongAction })
    }

    @Test func helpWorksInEveryPhase() {
        var station = Station()
        #expect(station.kinds(station.send(.help).records) == [.help])
        #expect(station.state.cue == .helpComing)
        station.send(.login("w1", skill: nil))
        #expect(station.state.cue == nil)
        #expect(station.kinds(station.send(.help).records) == [.help])
        station.send(.scanned("V4"))
        let working = station.send(.activated("help.button"))
        #expect(station.kinds(working.records) == [.help])
        #expect(working.records[0].step == "pick" && working.records[0].worker == "w1")
        #expect(working.scene.items.contains { if case .cue(.helpComing, _) = $0.content { true } else { false } })
        station.press(
            "bin-a.pick", "place.ok", "torque.ok", "torque.ok", "torque.ok", "torque.ok", "check.1", "check.2")
        #expect(station.state.phase == .cycleDone)
        #expect(station.kinds(station.send(.help).records) == [.help])
    }

    @Test func helpShowsFullForThisRunOnlyAndIsLoggedAsHelp() {
        var station = Station()
        let skill = WorkerSkill(worker: "w1", instructionSet: "bracket", steps: ["pick": StepSkill(level: .silent)])
        station.startFour(skill: skill)
        station.send(.help)
        let set = Fixture.bracket()
        #expect(station.state.shownLevel(of: "pick", in: set) == .full)
        #expect(station.state.runs[0].wrongActions == 0)
        let done = station.press("bin-a.pick")
        #expect(done.first { $0.kind == .levelChanged }?.detail == "help asked")
        #expect(!done.contains { $0.kind == .wrongAction })
    }

    @Test func confirmByHandFinishesCurrentStep() {
        var station = Station()
        station.startFour()
        let out = station.send(.activated("confirm.button"))
        #expect(station.kinds(out.records) == [.confirmedByHand, .stepDone, .stepStarted])
        #expect(out.records[0].step == "pick")
        #expect(station.state.skill?.steps["pick"]?.runs == 1)
    }

    @Test func confirmInGroupFinishesFirstOpenStep() {
        var station = Station()
        station.startFour()
        station.press("bin-a.pick", "place.ok", "torque.ok", "torque.ok", "torque.ok", "torque.ok", "check.1")
        let out = station.send(.confirm)
        #expect(out.records.map(\.step).prefix(2) == ["check-2", "check-2"])
        #expect(station.kinds(out.records) == [.confirmedByHand, .stepDone, .cycleDone])
    }

    @Test func hesitationViaDeadline() {
        var station = Station()
        let skill = WorkerSkill(worker: "w1", instructionSet: "bracket", steps: ["pick": StepSkill(level: .silent)])
        station.startFour(skill: skill)
        let started = station.now
        let wake = station.outputs.last!.wakeUp
        #expect(wake == Station.instant(started + 15), "5 s target × 3")
        let early = station.send(.deadline, after: 10)
        #expect(early.records.isEmpty, "a deadline before its time does nothing")
        let out = station.send(.deadline, after: 5)
        #expect(station.kinds(out.records) == [.hesitation])
        #expect(out.records[0].level == .location)
        #expect(station.state.cue == .lookHere)
        #expect(out.wakeUp == nil, "one hesitation per run")
        let done = station.press("bin-a.pick")
        #expect(done.contains { $0.kind == .levelChanged && $0.level == .location })
    }

    @Test func faultKeepsTheCellWorkingWithFullGuidance() {
        var station = Station()
        let skill = WorkerSkill(worker: "w1", instructionSet: "bracket", steps: ["pick": StepSkill(level: .silent)])
        station.startFour(skill: skill)
        let fault = DeviceFault(device: "usb-io", kind: .sensor, message: "Pick sensors do not answer")
        let out = station.send(.fault(fault))
        #expect(station.kinds(out.records) == [.fault])
        #expect(out.records[0].detail == "Pick sensors do not answer")
        #expect(out.records[0].faultDevice == "usb-io" && out.records[0].faultKind == .sensor)
        #expect(
            out.scene.items.contains {
                $0.key == "fault"
                    && $0.content
                        == .cue(
                            .fault("Pick sensors do not answer"),
                            frame: PanelLayout(panel: Fixture.panel, minimumTextMM: 12).fault)
            })
        #expect(out.scene.items.contains { $0.key == "text" }, "full guidance while sensing is degraded")
        #expect(station.kinds(station.send(.confirm).records) == [.confirmedByHand, .stepDone, .stepStarted])
        let cleared = station.send(.faultCleared(device: "usb-io"))
        #expect(station.kinds(cleared.records) == [.faultCleared])
        #expect(!cleared.scene.items.contains { $0.key == "fault" })
    }

    @Test func lampsFollowBinsAndEnables() {
        var station = Station()
        station.startFour()
        #expect(station.outputs.last?.lamps == ["lamp.bin-a"])
        station.press("bin-a.pick", "place.ok")
        #expect(station.outputs.last?.lamps == ["torque.enable"])
        let silent = WorkerSkill(worker: "w1", instructionSet: "bracket", steps: ["pick": StepSkill(level: .silent)])
        var quiet = Station()
        quiet.startFour(skill: silent)
        #expect(quiet.outputs.last?.lamps == [], "no bins shown at silent: no lamp")
    }

    @Test func fadingHappensInTheMachineAfterCleanCycles() {
        var station = Station()
        station.startFour()
        for _ in 0..<3 {
            station.cycleFour()
            station.send(.deadline, after: 2)
        }
        let changes = station.records.filter { $0.kind == .levelChanged }
        #expect(changes.count == 5, "every step of the four-screw variant faded once")
        #expect(
            changes.allSatisfy {
                $0.previousLevel == .full && $0.level == .hint
                    && $0.reason == .cleanRuns && $0.reasonCount == 3
                    && $0.detail?.hasPrefix("3 clean runs on tempo (mastery ") == true
            })
        #expect(station.records.last?.level == .hint)
    }

    @Test func absenceRaiseAtLogin() {
        var station = Station()
        let last = Station.instant(-21 * 86_400)
        let skill = WorkerSkill(
            worker: "w1", instructionSet: "bracket", steps: ["pick": StepSkill(level: .silent)], lastPractice: last)
        let out = station.send(.login("w1", skill: skill))
        #expect(station.kinds(out.records) == [.login, .levelChanged])
        #expect(out.records[1].detail == "21 days since last practice" && out.records[1].instructionSet == "bracket")
        #expect(out.records[1].reason == .absence && out.records[1].reasonCount == 21)
        #expect(out.skill?.steps["pick"]?.level == .location)
    }

    @Test func replaceDefinitionsKeepsWorkerAndRestartsChangedSet() {
        var station = Station()
        station.startFour()
        station.press("bin-a.pick", "place.ok")
        let same = station.machine.replaceDefinitions(cell: Fixture.cell, instructionSets: [Fixture.bracket()])
        #expect(same.records.isEmpty && station.machine.state.stageIndex == 2)
        let out = station.machine.replaceDefinitions(cell: Fixture.cell, instructionSets: [Fixture.bracket(hash: "h2")])
        #expect(station.machine.state.worker == "w1" && station.machine.state.variant == "four")
        #expect(station.machine.state.stageIndex == 0)
        #expect(out.records.map(\.kind) == [.stepStarted] && out.records[0].contentHash == "h2")
        #expect(station.machine.state.skill?.steps["pick"]?.runs == 1, "skill kept")
    }

    @Test func replaceDefinitionsWithoutTheSetReturnsToChoosing() {
        var station = Station(sets: [Fixture.bracket(), Fixture.simple])
        station.startFour()
        _ = station.machine.replaceDefinitions(cell: Fixture.cell, instructionSets: [Fixture.simple])
        #expect(station.machine.state.phase == .choosingWork && station.machine.state.worker == "w1")
    }

    @Test func cuesAreCalm() {
        var station = Station()
        station.startFour()
        station.send(.activated("bin-b.pick"))
        station.send(.activated("torque.nok"))
        station.send(.help)
        for output in station.outputs {
            for item in output.scene.items {
                if case .text(let text, _, _, _) = item.content { #expect(!text.lowercased().contains("wrong")) }
            }
        }
    }
}
