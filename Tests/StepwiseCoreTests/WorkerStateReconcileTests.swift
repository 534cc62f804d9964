import Testing
@testable import StepwiseCore

/// Two copies of a worker's state, changed apart (two stations while the link was down, or a
/// station and the central store), become one by the documented rule.
@Suite struct WorkerStateReconcileTests {
    static func at(_ seconds: Double) -> Instant { Instant(seconds: 1_800_000_000 + seconds) }

    static func step(_ level: GuidanceLevel, runs: Int, at seconds: Double) -> Stamped<StepSkill> {
        Stamped(StepSkill(level: level, runs: runs), at: at(seconds))
    }

    static func state(
        _ steps: [String: Stamped<StepSkill>], cycles: Int = 0, limits: Stamped<CoachControls>? = nil,
        preferences: Stamped<WorkerPreferences>? = nil
    ) -> WorkerState {
        WorkerState(
            worker: "w1", sets: ["s": WorkerSetState(steps: steps, cycles: cycles, limits: limits)],
            preferences: preferences)
    }

    @Test func moreRepetitionsWinOverANewerCopyFromAStaleStart() {
        let faded = Self.state(["a": Self.step(.silent, runs: 50, at: 100)])
        let staleButNewer = Self.state(["a": Self.step(.full, runs: 3, at: 200)])
        #expect(faded.reconciled(with: staleButNewer).sets["s"]?.steps["a"] == Self.step(.silent, runs: 50, at: 100))
        #expect(staleButNewer.reconciled(with: faded).sets["s"]?.steps["a"] == Self.step(.silent, runs: 50, at: 100))
    }

    @Test func equalRepetitionsTheLaterObservationWins() {
        let earlier = Self.state(["a": Self.step(.hint, runs: 12, at: 100)])
        let later = Self.state(["a": Self.step(.location, runs: 12, at: 101)])
        #expect(earlier.reconciled(with: later).sets["s"]?.steps["a"]?.value.level == .location)
        #expect(later.reconciled(with: earlier).sets["s"]?.steps["a"]?.value.level == .location)
    }

    @Test func eachStepIsDecidedOnItsOwnAndNoStepIsLost() {
        let atA = Self.state([
            "a": Self.step(.silent, runs: 40, at: 100), "b": Self.step(.full, runs: 2, at: 100),
            "onlyA": Self.step(.hint, runs: 5, at: 100),
        ])
        let atB = Self.state([
            "a": Self.step(.hint, runs: 30, at: 300), "b": Self.step(.location, runs: 20, at: 300),
            "onlyB": Self.step(.location, runs: 9, at: 300),
        ])
        let merged = atA.reconciled(with: atB).sets["s"]?.steps
        #expect(merged?["a"]?.value.level == .silent)
        #expect(merged?["b"]?.value.level == .location)
        #expect(merged?["onlyA"]?.value.runs == 5)
        #expect(merged?["onlyB"]?.value.runs == 9)
        #expect(merged == atB.reconciled(with: atA).sets["s"]?.steps, "the order of arrival does not matter")
    }

    @Test func theLatestCoachChangeWinsAndSetLimitsBeatNone() {
        let floorAtA = Stamped(CoachControls(floor: .hint), at: Self.at(100))
        let lockAtB = Stamped(CoachControls(locked: .full), at: Self.at(200))
        let a = Self.state([:], limits: floorAtA)
        let b = Self.state([:], limits: lockAtB)
        #expect(a.reconciled(with: b).sets["s"]?.limits == lockAtB)
        #expect(b.reconciled(with: a).sets["s"]?.limits == lockAtB)
        let never = Self.state(["a": Self.step(.full, runs: 90, at: 900)])
        #expect(never.reconciled(with: a).sets["s"]?.limits == floorAtA, "no limit is lost to the defaults")
        #expect(a.reconciled(with: never).sets["s"]?.limits == floorAtA)
    }

    @Test func cyclesAndLastPracticeTakeTheLarger() {
        var a = WorkerSetState(cycles: 7, lastPractice: Self.at(500))
        let b = WorkerSetState(cycles: 9, lastPractice: Self.at(400))
        let merged = a.reconciled(with: b)
        #expect(merged.cycles == 9)
        #expect(merged.lastPractice == Self.at(500))
        a.lastPractice = nil
        #expect(a.reconciled(with: b).lastPractice == Self.at(400))
    }

    @Test func theLaterPreferencesWinAndSetsOnlyOneSideKnowsStay() {
        let large = Stamped(WorkerPreferences(textScale: 2), at: Self.at(100))
        let turkish = Stamped(WorkerPreferences(language: "tr"), at: Self.at(200))
        var a = Self.state([:], preferences: large)
        a.sets["other"] = WorkerSetState(cycles: 3)
        let b = Self.state([:], preferences: turkish)
        let merged = a.reconciled(with: b)
        #expect(merged.preferences == turkish)
        #expect(merged.sets["other"]?.cycles == 3)
        #expect(b.reconciled(with: a).sets.keys.sorted() == ["other", "s"])
        #expect(Self.state([:]).reconciled(with: a).preferences == large)
    }

    @Test func anExactTieKeepsTheCopyAlreadyThere() {
        let kept = Self.state(["a": Self.step(.hint, runs: 4, at: 100)])
        let arriving = Self.state(["a": Self.step(.silent, runs: 4, at: 100)])
        #expect(kept.reconciled(with: arriving).sets["s"]?.steps["a"]?.value.level == .hint)
    }

    @Test func theMergedSetIsTheSkillTheModelTakes() {
        let set = WorkerSetState(
            steps: ["a": Self.step(.location, runs: 8, at: 1)], cycles: 4, lastPractice: Self.at(9),
            limits: Stamped(CoachControls(floor: .hint), at: Self.at(2)))
        let skill = set.skill(of: "w1", in: "s")
        #expect(skill.steps["a"]?.level == .location)
        #expect(skill.controls.floor == .hint)
        #expect(skill.cycles == 4)
        #expect(WorkerSetState().skill(of: "w1", in: "s").controls == CoachControls())
    }

    /// A copy with random steps, limits and preferences; every stamp is distinct (no exact ties).
    static func randomState(_ random: inout SeededRandom, stamps: inout Set<UInt64>) -> WorkerState {
        func stamp() -> Instant {
            var value = UInt64.random(in: 1...1_000_000, using: &random)
            while !stamps.insert(value).inserted { value += 1 }
            return Instant(nanoseconds: value)
        }
        var state = WorkerState(worker: "w1")
        for set in ["s", "t"] where Bool.random(using: &random) {
            var setState = WorkerSetState(cycles: Int.random(in: 0...9, using: &random))
            for step in ["a", "b", "c"] where Bool.random(using: &random) {
                let level = GuidanceLevel.allCases.randomElement(using: &random)!
                setState.steps[step] = Stamped(
                    StepSkill(level: level, runs: Int.random(in: 0...5, using: &random)), at: stamp())
            }
            if Bool.random(using: &random) {
                setState.limits = Stamped(
                    CoachControls(floor: GuidanceLevel.allCases.randomElement(using: &random)!), at: stamp())
            }
            state.sets[InstructionSetID(set)] = setState
        }
        if Bool.random(using: &random) {
            state.preferences = Stamped(
                WorkerPreferences(textScale: Double.random(in: 1...3, using: &random)), at: stamp())
        }
        return state
    }

    /// Whatever order the copies arrive in, and however often one arrives again, the result is the same.
    @Test func theRuleIsOrderFreeAndAnArrivalRepeatedChangesNothing() {
        var random = SeededRandom(seed: 2026)
        for _ in 0..<500 {
            var stamps: Set<UInt64> = []
            let (a, b, c) = (
                Self.randomState(&random, stamps: &stamps), Self.randomState(&random, stamps: &stamps),
                Self.randomState(&random, stamps: &stamps)
            )
            #expect(a.reconciled(with: b) == b.reconciled(with: a))
            #expect(a.reconciled(with: b).reconciled(with: c) == a.reconciled(with: b.reconciled(with: c)))
            #expect(a.reconciled(with: b).reconciled(with: b) == a.reconciled(with: b))
            #expect(a.reconciled(with: a) == a)
        }
    }
}
