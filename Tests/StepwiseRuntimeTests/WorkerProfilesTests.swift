import StepwiseCore
import StepwiseLog
import Testing
@testable import StepwiseRuntime

/// The profiles in memory follow the station's own saves and take the coach's parts from the log.
@Suite struct WorkerProfilesTests {
    let worker = WorkerPseudonym("w-1")
    let set = InstructionSetID("set")

    func skill(cycles: Int, controls: CoachControls = .init()) -> WorkerSkill {
        WorkerSkill(worker: worker, instructionSet: set, cycles: cycles, controls: controls)
    }

    @Test func theStationsSavesKeepTheCoachsControls() {
        let profiles = WorkerProfiles([
            worker: StoredProfile(skills: [skill(cycles: 1, controls: CoachControls(locked: .full))])
        ])
        profiles.saved(skill(cycles: 2))
        #expect(
            profiles.profile(of: worker, sets: [set]).skills == [
                skill(cycles: 2, controls: CoachControls(locked: .full))
            ])
    }

    @Test func aReadOlderThanTheStationsLastSaveGivesOnlyTheCoachsParts() {
        let profiles = WorkerProfiles()
        profiles.saved(skill(cycles: 1))
        let asked = profiles.saveCount(of: worker)
        profiles.saved(skill(cycles: 2))
        let log = StoredProfile(
            skills: [skill(cycles: 1, controls: CoachControls(floor: .hint))], preferences: .init(textScale: 2))
        profiles.refreshed(worker, from: log, afterSaves: asked)
        let now = profiles.profile(of: worker, sets: [set])
        #expect(now.skills == [skill(cycles: 2, controls: CoachControls(floor: .hint))])
        #expect(now.preferences == WorkerPreferences(textScale: 2))
    }

    @Test func anErasedWorkerIsForgottenWhenNothingWasSavedSince() {
        let profiles = WorkerProfiles([
            worker: StoredProfile(skills: [skill(cycles: 3)], preferences: .init(highContrast: true))
        ])
        profiles.refreshed(worker, from: StoredProfile(), afterSaves: profiles.saveCount(of: worker))
        #expect(profiles.profile(of: worker, sets: [set]) == StoredProfile())
    }
}
