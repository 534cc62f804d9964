import Testing
@testable import StepwiseCore

/// A coach's limits read from the log just after sign-in replace the session's; what the station
/// learned stays, and another worker's skills change nothing.
@Suite struct StoredControlsTests {
    @Test func storedControlsReplaceTheSessionsAndTheLearnedLevelsStay() {
        let practised = SkillPersistenceTests.practised()
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: practised))
        let learned = station.state.skill?.steps
        var stored = WorkerSkill(worker: "w1", instructionSet: "simple", controls: CoachControls(locked: .full))
        stored.cycles = 99
        let output = station.machine.adoptStoredControls([stored], of: "w1")
        #expect(station.state.skill?.controls == CoachControls(locked: .full))
        #expect(station.state.skill?.steps == learned, "what the session learned stays")
        #expect(station.state.skill?.cycles == practised.cycles)
        #expect(output.skill?.controls == CoachControls(locked: .full), "the changed skill is persisted")
        #expect(output.records.isEmpty)
    }

    @Test func anotherWorkersSkillsChangeNothing() {
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: nil))
        let before = station.state
        let stored = WorkerSkill(worker: "w2", instructionSet: "simple", controls: CoachControls(locked: .silent))
        let output = station.machine.adoptStoredControls([stored], of: "w2")
        #expect(station.state == before)
        #expect(output.skill == nil)
    }

    /// The central copy that came with the sign-in: a step the worker practised more at another
    /// station is taken from it; a step the stored copy has seen less of keeps the session's.
    @Test func aStepPractisedMoreElsewhereReplacesTheSessionsAndAStaleOneDoesNot() throws {
        let practised = SkillPersistenceTests.practised()
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: practised))
        let pick = try #require(station.state.skill?.steps["pick"])
        let place = station.state.skill?.steps["place"]
        var stored = practised
        stored.steps["pick"] = StepSkill(level: .silent, runs: pick.runs + 20, mastery: 0.95)
        stored.steps["place"] = StepSkill(level: .full, runs: 0)
        let output = station.machine.adoptStoredControls([stored], of: "w1")
        #expect(station.state.skill?.steps["pick"] == stored.steps["pick"])
        #expect(station.state.skill?.steps["place"] == place)
        #expect(output.skill?.steps["pick"]?.level == .silent, "the taken step is persisted")
    }
}
