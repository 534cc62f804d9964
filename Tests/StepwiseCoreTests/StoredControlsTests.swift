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
}
