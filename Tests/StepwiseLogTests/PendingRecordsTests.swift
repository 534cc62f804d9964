import StepwiseCore
import Testing
@testable import StepwiseLog

@Suite struct PendingRecordsTests {
    @Test func overflowDropsOldestAndCountsThem() {
        var pending = PendingRecords(bound: 3)
        pending.add((0..<5).map { Sample.step($0) }, skill: nil)
        #expect(pending.records == (2..<5).map { Sample.step($0) })
        #expect(pending.dropped == 2)
    }

    @Test func batchIsRemovedEvenIfOldestWereDroppedMeanwhile() {
        var pending = PendingRecords(bound: 4)
        pending.add((0..<4).map { Sample.step($0) }, skill: nil)
        let batch = pending.batch(limit: 3)  // records 0, 1, 2
        pending.add((4..<6).map { Sample.step($0) }, skill: nil)  // drops 0 and 1
        pending.remove(batch)
        #expect(pending.records == (3..<6).map { Sample.step($0) })
    }

    @Test func skillReplacedDuringWriteStaysQueued() {
        var pending = PendingRecords(bound: 10)
        pending.add([], skill: Sample.skill(cycles: 1))
        let batch = pending.batch(limit: 10)
        pending.add([], skill: Sample.skill(cycles: 2))
        pending.remove(batch)
        #expect(pending.skills.values.map(\.cycles) == [2])
        pending.remove(pending.batch(limit: 10))
        #expect(pending.isEmpty)
    }
}
