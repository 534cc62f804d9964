import Foundation
import StepwiseCore
import StepwiseDashboard
import Testing

/// The coach's limits as `stepwise coach set` stores them: validated, persisted in the worker's
/// skill (where the daemon reads them at sign-in), and in the dashboard's audit trail.
@Suite struct CoachControlsEditTests {
    let worker = TraceLog.lamps

    @Test func anEditIsStoredInTheSkillAndAudited() throws {
        let log = try TraceLog()
        let edit = CoachControlsEdit(floor: .hint, lock: .at(.full))
        let controls = try log.store.editControls(
            worker: worker, set: "led-streetlight", edit: edit, actor: "cli:anna", at: TraceLog.now)
        #expect(controls == CoachControls(floor: .hint, ceiling: .full, locked: .full))
        let stored = try log.quality.loadSkill(worker: worker, instructionSet: "led-streetlight")
        #expect(stored?.controls == controls)
        let entry = try #require(try log.store.auditEntries(worker: worker).first)
        #expect(entry.account == "cli:anna" && entry.role == .coach && entry.action == "controls")
        #expect(entry.subject == "\(worker) led-streetlight floor=hint ceiling=full lock=full")
    }

    @Test func readingAWorkersSkillsFromTheCommandLineIsAudited() throws {
        let log = try TraceLog()
        try log.quality.saveSkill(WorkerSkill(worker: worker, instructionSet: "led-streetlight"))
        let skills = try log.store.skills(of: worker, readBy: "cli:anna", at: TraceLog.now)
        #expect(skills.map(\.instructionSet) == ["led-streetlight"])
        let entry = try #require(try log.store.auditEntries(worker: worker).first)
        #expect(entry.account == "cli:anna" && entry.action == "read-worker" && entry.subject == worker.rawValue)
        #expect(try log.store.skills(of: "w-nobody", readBy: "cli:anna", at: TraceLog.now).isEmpty)
        #expect(try log.store.auditEntries(worker: "w-nobody").isEmpty, "nothing read, nothing audited")
    }

    @Test func unlockKeepsTheOtherLimitsAndTheLearnedLevels() throws {
        let log = try TraceLog()
        var skill = WorkerSkill(
            worker: worker, instructionSet: "led-streetlight", steps: ["a": StepSkill(level: .location)])
        skill.controls = CoachControls(floor: .location, locked: .hint)
        try log.quality.saveSkill(skill)
        try log.store.editControls(
            worker: worker, set: "led-streetlight", edit: CoachControlsEdit(lock: .unlocked), actor: "cli:anna",
            at: TraceLog.now)
        let stored = try #require(try log.store.skills(of: worker).first)
        #expect(stored.controls == CoachControls(floor: .location, ceiling: .full, locked: nil))
        #expect(stored.steps["a"]?.level == .location)
    }

    @Test func aFloorAboveTheCeilingIsRefusedAndNothingIsWritten() throws {
        let log = try TraceLog()
        #expect(throws: CoachControlsError.floorAboveCeiling(floor: .full, ceiling: .hint)) {
            try log.store.editControls(
                worker: worker, set: "led-streetlight", edit: CoachControlsEdit(floor: .full, ceiling: .hint),
                actor: "cli:anna", at: TraceLog.now)
        }
        #expect(try log.quality.loadSkill(worker: worker, instructionSet: "led-streetlight") == nil)
        #expect(try log.store.auditEntries(worker: worker).isEmpty)
    }

    @Test func anUnknownSetIsRefusedWithTheKnownOnes() throws {
        let log = try TraceLog()
        do {
            try log.store.editControls(
                worker: worker, set: "led-streetlite", edit: CoachControlsEdit(floor: .hint), actor: "cli:anna",
                at: TraceLog.now)
            Issue.record("an unknown set was accepted")
        } catch let error as CoachControlsError {
            #expect(error.description.contains("'led-streetlite' is not in the quality log"))
            #expect(error.description.contains("led-streetlight"))
        }
    }

    @Test func anEmptyEditIsRefused() throws {
        let log = try TraceLog()
        #expect(throws: CoachControlsError.nothingToChange) {
            try log.store.editControls(
                worker: worker, set: "led-streetlight", edit: CoachControlsEdit(), actor: "cli:anna", at: TraceLog.now)
        }
    }

    @Test func theEditAppliesOnTopOfTheStoredLimits() throws {
        let base = CoachControls(floor: .location, ceiling: .hint, locked: nil)
        #expect(try CoachControlsEdit(ceiling: .full).applied(to: base).get() == CoachControls(floor: .location))
        #expect(throws: CoachControlsError.self) { try CoachControlsEdit(floor: .full).applied(to: base).get() }
    }
}
