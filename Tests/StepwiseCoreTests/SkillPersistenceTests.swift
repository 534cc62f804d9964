import Foundation
import Testing
@testable import StepwiseCore

/// The skill survives what happens around it: a restart (the persisted JSON), an edit of the
/// set that keeps the step ids, and the worker moving to another cell running the same set.
@Suite struct SkillPersistenceTests {
    /// A worker who faded `simple` to hint at both steps, as the machine leaves them.
    static func practised() -> WorkerSkill {
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: nil))
        for _ in 0..<3 {
            station.press("bin-a.pick", "place.ok")
            station.send(.deadline, after: 2)
        }
        return station.state.skill!
    }

    @Test func aRestartKeepsLevelsStreaksAndTheEstimate() throws {
        let skill = Self.practised()
        #expect(skill.steps["pick"]?.level == .hint)
        let json = try JSONEncoder().encode(skill)
        #expect(try JSONDecoder().decode(WorkerSkill.self, from: json) == skill)
    }

    @Test func anotherCellRunningTheSameSetShowsTheSameLevels() {
        var other = Fixture.cell
        other.id = "cell-2"
        var station = Station(sets: [Fixture.simple], cell: other)
        station.send(.login("w1", skill: Self.practised()))
        #expect(station.state.shownLevel(of: "pick", in: Fixture.simple) == .hint)
        #expect(station.records.first { $0.kind == .stepStarted }?.cell == "cell-2")
    }

    @Test func anEditKeepingStepIdsKeepsTheirLevelsAndNewStepsStartAtFull() {
        var edited = Fixture.simple
        edited.version = "3"
        edited.contentHash = "s2"
        edited.sequence.append(.step(Fixture.extra))
        var station = Station(sets: [edited])
        station.send(.login("w1", skill: Self.practised()))
        #expect(station.state.shownLevel(of: "pick", in: edited) == .hint)
        #expect(station.state.skill?.steps["place"]?.level == .hint)
        #expect(station.state.skill?.steps[Fixture.extra.id.rawValue]?.level == .full)
    }

    @Test func aHotReloadKeepsTheSkillOfTheStepsThatStay() {
        var station = Station(sets: [Fixture.simple])
        station.send(.login("w1", skill: Self.practised()))
        var edited = Fixture.simple
        edited.sequence = [.step(Fixture.place), .step(Fixture.pick)]  // steps moved, ids kept
        _ = station.machine.replaceDefinitions(cell: Fixture.cell, instructionSets: [edited])
        #expect(station.state.skill?.steps["pick"]?.level == .hint)
        #expect(station.state.shownLevel(of: "place", in: edited) == .hint)
    }
}
