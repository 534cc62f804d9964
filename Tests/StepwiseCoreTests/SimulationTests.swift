import Testing
@testable import StepwiseCore

@Suite struct SimulationTests {
    let trace = """
        0 badge 7
        1 scan V4
        2 bin-a.pick
        3 place.ok
        30 place.ok fall       # a falling edge is no activation and no progress
        80 torque.ok
        81 torque.ok
        82 torque.ok
        83 torque.ok
        84 check.1
        85 check.2
        86 bin-a.pick          # the next cycle, during the calm pause
        """

    func run() throws -> [StationOutput] {
        Simulation.run(
            cell: Fixture.cell, instructionSets: [Fixture.bracket()], trace: try Trace(parsing: trace),
            start: Station.instant(0), pseudonym: { WorkerPseudonym("p-\($0)") }, skill: { _ in nil })
    }

    @Test func sameTraceTwiceGivesIdenticalRecords() throws {
        let first = try run(), second = try run()
        #expect(first == second)
        #expect(first.flatMap(\.records).count > 10)
    }

    @Test func deadlinesAreInjectedBeforeLaterEntries() throws {
        let records = try run().flatMap(\.records)
        let hesitation = records.filter { $0.kind == .hesitation }
        #expect(hesitation.count == 1)
        #expect(hesitation.first?.step == "screw")
        #expect(hesitation.first?.at == Station.instant(63), "3 s start + 20 s target × 3")
        #expect(records.first?.worker == "p-7")
        let kinds = records.map(\.kind)
        #expect(kinds.filter { $0 == .cycleDone }.count == 1)
        #expect(records.last?.kind == .stepStarted && records.last?.step == "place")
    }

    @Test func cycleDonePauseEndsByDeadline() throws {
        let short = """
            0 badge 7
            1 scan V4
            2 bin-a.pick
            2 place.ok
            2 torque.ok
            2 torque.ok
            2 torque.ok
            2 torque.ok
            2 check.1
            2 check.2
            10 logout
            """
        let outputs = Simulation.run(
            cell: Fixture.cell, instructionSets: [Fixture.bracket()], trace: try Trace(parsing: short),
            start: Station.instant(0), pseudonym: { WorkerPseudonym($0) }, skill: { _ in nil })
        let records = outputs.flatMap(\.records)
        let restart = records.last { $0.kind == .stepStarted }
        #expect(restart?.at == Station.instant(4) && restart?.cycle == 2)
        #expect(records.last?.kind == .logout)
    }
}
