import Testing
@testable import StepwiseCore

@Suite struct SceneComposerTests {
    /// The scene at the pick step for a worker whose pick level is `level`.
    func pickScene(_ level: GuidanceLevel, language: String? = nil) -> Scene {
        var station = Station()
        station.startFour(
            skill: WorkerSkill(worker: "w1", instructionSet: "bracket", steps: ["pick": StepSkill(level: level)]))
        return SceneComposer.scene(for: station.state, cell: Fixture.cell, set: Fixture.bracket(), language: language)
    }

    func placeScene(_ level: GuidanceLevel) -> Scene {
        var station = Station()
        station.startFour(
            skill: WorkerSkill(worker: "w1", instructionSet: "bracket", steps: ["place": StepSkill(level: level)]))
        station.press("bin-a.pick")
        return station.machine.scene
    }

    let layout = PanelLayout(panel: Fixture.panel, minimumTextMM: 12)

    @Test func fullShowsTextPictureBinsProgress() {
        let scene = pickScene(.full)
        #expect(scene.items.map(\.key) == ["bin:bin-a", "text", "picture", "progress"])
        #expect(scene.items[0].content == .zone(Fixture.rect(0, 400, 100, 100), role: .pick))
        #expect(scene.items[1].content == .text("Take a bracket", language: "en", frame: layout.text, heightMM: 12))
        #expect(scene.items[2].content == .picture(path: "/pics/bracket.png", frame: layout.picture))
        #expect(scene.items[3].content == .progress(done: 0, total: 4, frame: layout.progress))
    }

    @Test func hintDropsTextLocationOnlyOutlinesSilentShowsNothing() {
        #expect(pickScene(.hint).items.map(\.key) == ["bin:bin-a", "picture", "progress"])
        #expect(pickScene(.location).items.map(\.key) == ["bin:bin-a", "progress"])
        #expect(pickScene(.silent).items.isEmpty)
    }

    @Test func zonesAndContourOfTheStep() {
        let full = placeScene(.full)
        #expect(full.items.map(\.key) == ["zone:fixture", "contour:place", "text", "progress"])
        #expect(full.items[0].content == .zone(Fixture.rect(200, 100, 200, 150), role: .target))
        #expect(full.items[1].content == .contour(Fixture.rect(250, 120, 80, 60)))
        #expect(placeScene(.location).items.map(\.key) == ["zone:fixture", "progress"])
    }

    @Test func keysAndContentStayStableWhileNothingChanges() {
        var station = Station()
        station.startFour()
        station.press("bin-a.pick")
        let place = station.machine.scene
        station.press("place.ok", "torque.ok")
        let before = station.machine.scene
        station.press("torque.ok")
        #expect(station.machine.scene == before, "a counted screw changes nothing on the bench")
        #expect(Set(before.items.map(\.key)).count == before.items.count, "keys are unique")
        #expect(
            before.items.first { $0.key == "zone:fixture" } == place.items.first { $0.key == "zone:fixture" },
            "the fixture outline shared by place and screw keeps its key and content")
        #expect(
            before.items.first { $0.key == "progress" }?.content == .progress(done: 2, total: 4, frame: layout.progress)
        )
    }

    @Test func groupShowsDoneStepsAndOpenTexts() {
        var station = Station()
        station.startFour()
        station.press("bin-a.pick", "place.ok", "torque.ok", "torque.ok", "torque.ok", "torque.ok")
        let both = station.machine.scene
        #expect(
            both.items.contains {
                $0.content == .text("Check the clip\nCheck the label", language: "en", frame: layout.text, heightMM: 12)
            })
        #expect(
            both.items.contains {
                $0.key == "zone:check-area" && $0.content == .zone(Fixture.rect(420, 100, 100, 100), role: .target)
            })
        station.press("check.1")
        let one = station.machine.scene
        #expect(
            one.items.contains {
                $0.key == "zone:check-area" && $0.content == .zone(Fixture.rect(420, 100, 100, 100), role: .done)
            })
        #expect(
            one.items.contains {
                $0.content == .text("Check the label", language: "en", frame: layout.text, heightMM: 12)
            })
    }

    @Test func languageParameterOverridesCellLanguage() {
        let scene = pickScene(.full, language: "nl")
        #expect(
            scene.items.contains {
                $0.content == .text("NL Take a bracket", language: "nl", frame: layout.text, heightMM: 12)
            })
    }

    @Test func layoutStaysInsideThePanelWithTextOnTop() {
        let panel = Fixture.panel
        for frame in [layout.text, layout.picture, layout.cue, layout.progress, layout.fault, layout.bigCue] {
            #expect(frame.x >= panel.x && frame.maxX <= panel.maxX + 1e-9)
            #expect(frame.y >= panel.y && frame.maxY <= panel.maxY + 1e-9)
            #expect(!frame.isEmpty)
        }
        #expect(layout.text.maxY == panel.maxY && layout.text.height >= 12)
        #expect(layout.picture.maxY <= layout.text.y && layout.progress.y == panel.y)
        #expect(layout.text.intersection(layout.picture).isEmpty && layout.picture.intersection(layout.cue).isEmpty)
    }

    @Test func cycleDoneAndChoosingShowOnlyTheirCue() {
        var station = Station()
        station.send(.login("w1", skill: nil))
        #expect(station.machine.scene.items.map(\.key) == ["cue"])
        station.send(.scanned("V4"))
        station.cycleFour()
        #expect(station.machine.scene.items == [SceneItem(key: "cue", content: .cue(.cycleDone, frame: layout.bigCue))])
    }
}
