import Foundation
import StepwiseCore
import StepwiseLog
import StepwiseTestSupport
import Testing

@testable import StepwiseDashboard

/// "Cells now" reads only the records that decide each cell's state; on any log the page must
/// show exactly what reading every record shows. Random logs of several cells, every record kind.
@Suite struct CellsFromLookupsTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func theLookUpsGiveTheSameCellsAsTheWholeLog(seed: UInt64) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "stepwise-cells-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try QualityLog(path: folder.appendingPathComponent("q.sqlite").path)
        let records = RandomLog.records(400, seed: seed)
        try log.append(records)
        let deciding = try log.recordsDecidingCells()
        #expect(CellStatus.build(deciding) == CellStatus.build(records))
        #expect(deciding.count < records.count, "the look-ups read fewer records than the log holds")
    }

    @Test func setSummariesInSQLEqualTheRecords() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-sets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let workshop = try SQLiteWorkshop(path: folder.appendingPathComponent("q.sqlite").path)
        let records = RandomLog.records(400, seed: 5)
        try workshop.log.append(records)
        let summaries = try workshop.setSummaries()
        #expect(summaries == SetSummary.build(records))
        #expect(try workshop.dayCounts() == DayCounts.build(records))
        #expect(summaries.count == 2 && summaries.allSatisfy { $0.versions == ["3.2", "3.3"] && $0.cyclesDone > 0 })
        let ordered = try workshop.records()
        for summary in summaries {
            let totals = try workshop.stepTotals(of: summary.instructionSet)
            #expect(totals.rounded == StepTotals.build(ordered, of: summary.instructionSet).rounded)
            #expect(totals.contains { $0.counts.runs > 0 && $0.workers > 1 })
            let units = try workshop.recentUnits(of: summary.instructionSet, workers: nil, limit: 7)
            let expected = ordered.filter { $0.kind == .cycleDone && $0.instructionSet == summary.instructionSet }
            #expect(units == Array(expected.suffix(7).reversed()))
            let one = try #require(expected.last?.worker)
            let theirs = try workshop.recentUnits(of: summary.instructionSet, workers: [one], limit: 50)
            #expect(theirs == Array(expected.filter { $0.worker == one }.suffix(50).reversed()))
            #expect(try workshop.recentUnits(of: summary.instructionSet, workers: [], limit: 50).isEmpty)
        }
    }

    /// The page totals are kept by triggers: after an erasure and more records they still equal
    /// the reading of every record.
    @Test func pageTotalsFollowDeletionsAndNewRecords() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "stepwise-totals-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let workshop = try SQLiteWorkshop(path: folder.appendingPathComponent("q.sqlite").path)
        try workshop.log.append(RandomLog.records(300, seed: 21))
        let first = try #require(try workshop.records().compactMap(\.worker).first)
        #expect(try workshop.log.eraseWorker(first) > 0)
        try workshop.log.append(RandomLog.records(200, seed: 22))
        let records = try workshop.records()
        #expect(try workshop.dayCounts() == DayCounts.build(records))
        #expect(try workshop.setSummaries() == SetSummary.build(records))
        for summary in try workshop.setSummaries() {
            let set = summary.instructionSet
            #expect(try workshop.stepTotals(of: set).rounded == StepTotals.build(records, of: set).rounded)
        }
    }

    @Test func eachUnitFromLookUpsEqualsTheUnitFromTheWholeLog() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "stepwise-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try QualityLog(path: folder.appendingPathComponent("q.sqlite").path)
        let records = RandomLog.records(400, seed: 9)
        try log.append(records)
        let ends = records.filter { $0.kind == .cycleDone }
        #expect(ends.count > 10)
        for end in ends {
            let unit = UnitRecord(
                cell: end.cell, done: end.at, records: try log.recordsOfUnit(cell: end.cell, done: end.at))
            #expect(unit == UnitRecord(cell: end.cell, done: end.at, records: records))
        }
    }
}
