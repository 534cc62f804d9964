import Foundation
import StepwiseCore
import Testing

@testable import StepwiseWorkshop

/// The fleet benchmark's parts that need no server: its load, its count of lost and duplicated
/// rows, its timing ledger and its reading of /proc.
struct UplinkFleetTests {
    @Test func theSameSeedGivesTheSameLoadWithABurstInEveryWindow() {
        var first = SeededRandom.stream(seed: 7, 1)
        var again = SeededRandom.stream(seed: 7, 1)
        var other = SeededRandom.stream(seed: 7, 2)
        let schedule = FleetSchedule(seconds: 150, rate: 1, burst: 50, burstWindow: 60, random: &first)
        #expect(schedule == FleetSchedule(seconds: 150, rate: 1, burst: 50, burstWindow: 60, random: &again))
        #expect(schedule != FleetSchedule(seconds: 150, rate: 1, burst: 50, burstWindow: 60, random: &other))
        #expect(schedule.writes.filter { $0.records == 50 }.count == 3)
        #expect(schedule.writes.allSatisfy { 0 <= $0.offset && $0.offset < 150 })
        #expect(schedule.writes.map(\.offset) == schedule.writes.map(\.offset).sorted())
        let single = schedule.writes.filter { $0.records == 1 }.count
        #expect((100...200).contains(single), "\(single) single records in 150 s at 1/s")
    }

    @Test func lostAndDuplicatedAreCountedAgainstTheStationsLog() {
        typealias Key = FleetCheck.Key
        let local = (1...5).map { Key(localID: $0, atNanoseconds: $0 * 10) }
        #expect(FleetCheck.compare(local: local, central: local) == FleetCheck.Count(lost: 0, duplicated: 0))
        let missingTwo = Array(local.prefix(3))
        #expect(FleetCheck.compare(local: local, central: missingTwo) == FleetCheck.Count(lost: 2, duplicated: 0))
        // A second copy of row 1, and row 2 again at a time the station never wrote it: both extra.
        let moved = local + [Key(localID: 2, atNanoseconds: 99), local[0]]
        #expect(FleetCheck.compare(local: local, central: moved) == FleetCheck.Count(lost: 0, duplicated: 2))
    }

    @Test func theLedgerTimesEachRecordOnceFromItsWriteToItsAcknowledgement() {
        let ledger = FleetLedger(firstTimed: 2)
        let start = ContinuousClock.now
        ledger.writing(1, at: start)
        ledger.writing(3, at: start.advanced(by: .seconds(1)))
        ledger.acknowledged(through: 2, at: start.advanced(by: .seconds(1.5)))
        ledger.acknowledged(through: 1, at: start.advanced(by: .seconds(9)))
        ledger.acknowledged(through: 4, at: start.advanced(by: .seconds(3)))
        #expect(ledger.acknowledgedThrough == 4)
        #expect(ledger.lags.map { ($0 * 1000).rounded() } == [500, 2000, 2000])
    }

    @Test func procStatIsReadPastACommandWithSpacesAndParentheses() throws {
        let line = "4242 (postgres: a (b) c) S 17 4242 4242 0 -1 4194560 300 0 0 0 125 36 7 3 20 0 1 0 99 0 0"
        let stat = try #require(ProcessStat.parse(line))
        #expect(stat == ProcessStat(command: "postgres: a (b) c", parent: 17, ownTicks: 161, reapedChildrenTicks: 10))
        #expect(ProcessStat.parse("4242 postgres S 17") == nil)
    }
}
