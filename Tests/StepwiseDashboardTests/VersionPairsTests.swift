import StepwiseCore
import StepwiseLog
import Testing

@testable import StepwiseDashboard

/// A set's page puts each step's versions side by side: before and after a change.
@Suite struct VersionPairsTests {
    static func day(_ version: String, _ step: StepID, runs: Int, trouble: Int, workers: Int = 5) -> StepDayAggregate {
        StepDayAggregate(
            day: "2026-12-01", instructionSet: "led-streetlight", version: version, step: step,
            counts: StepCounts(
                runs: runs, totalSeconds: Double(runs) * 4, wrongActions: trouble, hesitations: 0, help: 0, byHand: 0),
            workers: workers)
    }

    static let spots = HotSpots(
        instructionSet: "led-streetlight", records: [],
        aggregates: [
            day("3.10", "pick-housing", runs: 20, trouble: 1), day("3.2", "pick-housing", runs: 40, trouble: 12),
            day("3.9", "pick-housing", runs: 10, trouble: 5), day("3.2", "fit-driver", runs: 40, trouble: 0),
            day("3.10", "fit-driver", runs: 20, trouble: 0, workers: 2),
        ])

    @Test func eachVersionFollowsTheOneBeforeItInNumericOrder() {
        let pairs = Self.spots.versionPairs.map { "\($0.step) \($0.before.version)→\($0.after.version)" }
        #expect(pairs == ["pick-housing 3.2→3.9", "pick-housing 3.9→3.10", "fit-driver 3.2→3.10"])
    }

    @Test func theTableShowsTroubleBeforeAndAfterAndHidesSmallGroups() throws {
        let table = Self.spots.versionTable(try #require(MinimumGroup(3)))
        #expect(table.rows.first == ["pick-housing", "3.2", "40", "4.0 s", "3.0", "3.9", "10", "4.0 s", "5.0"])
        #expect(table.rows.last?.suffix(4) == ["3.10", "fewer than 3 workers", "–", "–"])
    }

    @Test func aSetWithOneVersionHasNoPairs() {
        let one = HotSpots(
            instructionSet: "led-streetlight", records: [],
            aggregates: [Self.day("3.2", "fit-driver", runs: 4, trouble: 0)])
        #expect(one.versionPairs.isEmpty)
    }
}
