import Testing

@testable import StepwiseCore

/// Which steps a new version changed (the pure diff), and what that does to a worker's skill.
@Suite struct SetChangesTests {
    /// The bracket set as version 2, with `edit` applied to the step `id`.
    static func edited(_ id: StepID, _ edit: (inout Step) -> Void) -> InstructionSet {
        var set = Fixture.bracket()
        set.version = "2"
        set.sequence = set.sequence.map { item in
            switch item {
            case .step(var step) where step.id == id:
                edit(&step)
                return .step(step)
            case .group(var group):
                group.steps = group.steps.map { step in
                    var step = step
                    if step.id == id { edit(&step) }
                    return step
                }
                return .group(group)
            default: return item
            }
        }
        return set
    }

    static func changed(_ new: InstructionSet, digest: @escaping (String) -> String = { $0 }) -> [StepID: Set<
        SetChanges.Field
    >] {
        SetChanges.between(Fixture.bracket(), new, pictureDigest: digest).changed
    }

    @Test func theSameContentChangesNothing() {
        let changes = SetChanges.between(Fixture.bracket(), Self.edited("pick") { _ in })
        #expect(changes.isEmpty)
        #expect(changes.version == "2")
    }

    /// One edit of `step` in the field named `field`.
    static func edit(_ field: SetChanges.Field, _ step: inout Step) {
        switch field {
        case .text: step.text = Fixture.text("Take a bigger bracket")
        case .picture: step.picture = "/pics/other.png"
        case .doneWhen: step.completion = .input("bin-a.pick", count: 2)
        case .zones: step.zones = ["fixture"]
        case .bins: step.bins = ["bin-b"]
        case .contour: step.contour = Fixture.rect(0, 0, 10, 10)
        case .targetTime: step.targetSeconds = 7
        }
    }

    @Test(arguments: SetChanges.Field.allCases)
    func eachContentFieldCounts(field: SetChanges.Field) {
        #expect(Self.changed(Self.edited("check-1") { Self.edit(field, &$0) }) == ["check-1": [field]])
    }

    @Test func whatTheStationChecksIsNotContent() {
        let new = Self.edited("pick") { step in
            step.wrongActions = []
            step.enables = ["lamp"]
            step.variants = ["four"]
        }
        #expect(Self.changed(new).isEmpty)
    }

    @Test func aTargetTimeWithinTheToleranceIsNoChange() {
        #expect(Self.changed(Self.edited("screw") { $0.targetSeconds = 23.9 }).isEmpty, "20 s → 23.9 s is under 20 %")
        #expect(Self.changed(Self.edited("screw") { $0.targetSeconds = 24.1 }) == ["screw": [.targetTime]])
        #expect(Self.changed(Self.edited("screw") { $0.targetSeconds = 15.9 }) == ["screw": [.targetTime]])
    }

    @Test func aPictureCountsByItsContentNotItsPath() {
        let staged = Self.edited("pick") { $0.picture = "/incoming/bracket.png" }
        #expect(Self.changed(staged) { _ in "same bytes" }.isEmpty, "the file arrived elsewhere, unchanged")
        #expect(Self.changed(staged) { $0.hasPrefix("/incoming") ? "redrawn" : "original" } == ["pick": [.picture]])
    }

    @Test func aRenamedStepKeepsItsHistoryAndCountsItsOwnChanges() {
        let renamed = Self.edited("place") { step in
            step.id = "seat"
            step.replaces = "place"
        }
        let changes = SetChanges.between(Fixture.bracket(), renamed)
        #expect(changes.renamed == ["seat": "place"])
        #expect(changes.changed.isEmpty, "only the id changed")
        let rewritten = Self.edited("place") { step in
            step.id = "seat"
            step.replaces = "place"
            step.text = Fixture.text("Seat it in the fixture")
        }
        #expect(SetChanges.between(Fixture.bracket(), rewritten).changed == ["seat": [.text]])
    }

    @Test func aNewStepIsNoChange() {
        let new = Self.edited("pick") { step in step.id = "fetch" }
        #expect(SetChanges.between(Fixture.bracket(), new).isEmpty, "nobody has mastered a step that is new")
    }

    // MARK: The worker's skill

    static func skill(_ levels: [String: GuidanceLevel], controls: CoachControls = .init()) -> WorkerSkill {
        WorkerSkill(
            worker: "w1", instructionSet: "bracket",
            steps: levels.mapValues {
                StepSkill(level: $0, runs: 40, cleanStreak: 9, runsAtLevel: 12, mastery: 0.97)
            }, controls: controls)
    }

    @Test func aChangedStepStartsAgainAtHintAndTheOthersKeepTheirMastery() {
        var skill = Self.skill(["pick": .silent, "place": .silent])
        let changes = SetChanges(version: "3.3", changed: ["pick": [.text]])
        let raised = skill.apply(changes, level: .hint, policy: GuidancePolicy())
        #expect(raised == [.init(step: "pick", previousLevel: .silent, level: .hint)])
        #expect(skill.steps["pick"]?.level == .hint)
        #expect(skill.steps["pick"]?.mastery == 0.5, "halfway between raise (0.2) and fade (0.8)")
        #expect(skill.steps["pick"]?.cleanStreak == 0 && skill.steps["pick"]?.runsAtLevel == 0)
        #expect(skill.steps["pick"]?.runs == 40, "the history stays")
        #expect(skill.steps["place"] == Self.skill(["place": .silent]).steps["place"])
    }

    @Test func moreHelpThanThePolicyLevelStaysAndTheCoachCeilingHolds() {
        var helped = Self.skill(["pick": .full])
        #expect(helped.apply(.init(version: "2", changed: ["pick": [.bins]]), level: .hint, policy: .init()).isEmpty)
        #expect(helped.steps["pick"]?.level == .full && helped.steps["pick"]?.mastery == 0.5)
        var limited = Self.skill(["pick": .silent], controls: CoachControls(ceiling: .location))
        let raised = limited.apply(.init(version: "2", changed: ["pick": [.bins]]), level: .hint, policy: .init())
        #expect(raised.map(\.level) == [.location], "never more help than the coach allows")
    }

    @Test func aRenamedStepMovesItsSkill() {
        var skill = Self.skill(["place": .silent])
        let raised = skill.apply(.init(version: "2", renamed: ["seat": "place"]), level: .hint, policy: .init())
        #expect(raised.isEmpty)
        #expect(skill.steps["place"] == nil && skill.steps["seat"]?.level == .silent)
    }

    @Test func theReasonNamesTheVersion() {
        #expect(LevelChangeCause.stepChanged(version: "3.3").sentence() == "step changed in version 3.3")
        #expect(LevelChangeCause.stepChanged(version: "3.3").sentence(language: "nl") == "stap gewijzigd in versie 3.3")
        #expect(LevelChangeReason.stepChanged.rawValue == "step-changed")
    }
}
