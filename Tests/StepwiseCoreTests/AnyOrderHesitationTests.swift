import Testing
@testable import StepwiseCore

/// An any-order group starts all its steps together: a short step waiting while the worker
/// progresses with a long one is not hesitating. The group hesitates only when nothing in it
/// progressed for the hesitation factor (3) × the longest target still open.
@Suite struct AnyOrderHesitationTests {
    /// A 2 s label check and a 20 s four-screw step, in any order.
    static let label = Step(
        id: "label", text: Fixture.text("Check the label"), targetSeconds: 2, completion: .input("check.1", count: 1))
    static let screws = Step(
        id: "screws", text: Fixture.text("Drive four screws"), targetSeconds: 20,
        completion: .input("torque.ok", count: 4))
    static let set = InstructionSet(
        id: "group", version: "1", title: Fixture.text("Group"), variants: [],
        sequence: [.group(StepGroup(id: "finish", title: Fixture.text("Finish"), steps: [label, screws]))],
        contentHash: "g1")

    func started() -> Station {
        var station = Station(sets: [Self.set])
        station.send(.login("w1", skill: nil))  // the only set: selected at login, the group starts
        #expect(station.state.phase == .working && station.state.runs.count == 2)
        return station
    }

    /// Plays the deadlines the machine asks for up to `until` (seconds on the test clock), as the runtime does.
    func playDeadlines(_ station: inout Station, until: Double) {
        while let due = station.outputs.last?.wakeUp, due <= Station.instant(until) {
            let seconds = Double(due.nanoseconds - Station.base) / 1e9
            station.send(.deadline, after: seconds - station.now)
        }
    }

    @Test func progressOnTheLongStepIsNoHesitationOfTheShortOne() {
        var station = started()
        for _ in 0..<3 {
            playDeadlines(&station, until: station.now + 5)
            station.press("torque.ok", after: 5)
        }
        #expect(!station.records.contains { $0.kind == .hesitation }, "\(station.records.map(\.kind))")
        #expect(station.outputs.last?.wakeUp == Station.instant(station.now + 60), "3 × the longest open target")
    }

    @Test func noProgressAtAllHesitatesAgainstTheLongestOpenTarget() {
        var station = started()
        let start = station.now
        playDeadlines(&station, until: start + 59)
        #expect(!station.records.contains { $0.kind == .hesitation })
        playDeadlines(&station, until: start + 60)
        let hesitations = station.records.filter { $0.kind == .hesitation }
        #expect(hesitations.map(\.step) == ["label", "screws"])
        #expect(hesitations.allSatisfy { $0.at == Station.instant(start + 60) })
    }

    @Test func whatRemainsSetsTheTimeAfterAStepIsDone() {
        var station = started()
        station.press("torque.ok", "torque.ok", "torque.ok", "torque.ok", after: 4)
        let done = station.now
        #expect(station.state.runs.map(\.done) == [false, true])
        #expect(station.outputs.last?.wakeUp == Station.instant(done + 6), "only the 2 s label check remains")
        playDeadlines(&station, until: done + 6)
        #expect(station.records.filter { $0.kind == .hesitation }.map(\.step) == ["label"])
    }

    @Test func aBreakInTheGroupIsAPauseOfEveryOpenStep() {
        var station = started()
        station.send(.deadline, after: 60)  // nothing happened for a minute: the group hesitated
        #expect(station.state.runs.allSatisfy { $0.hesitated })
        station.press("torque.ok", after: 600)  // back after a break: forgiven, and a pause for both
        #expect(station.state.runs.allSatisfy { !$0.hesitated && $0.pausedSeconds == 660 })
        #expect(station.state.runs.map(\.lastActivity) == [Station.instant(station.now), Station.instant(station.now)])
    }
}
