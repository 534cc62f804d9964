import Foundation
import StepwiseCore
import Testing
@testable import StepwiseLog

@Suite struct ReportTests {
    static let set: InstructionSetID = "led"

    static func record(
        _ seconds: Double, _ kind: QualityRecord.Kind, _ worker: WorkerPseudonym, step: StepID? = nil,
        level: GuidanceLevel? = nil, from previous: GuidanceLevel? = nil, duration: Double? = nil,
        detail: String? = nil
    ) -> QualityRecord {
        QualityRecord(
            at: Instant(seconds: seconds), kind: kind, cell: "c", worker: worker, instructionSet: set, step: step,
            level: level, previousLevel: previous, durationSeconds: duration, detail: detail)
    }

    /// Two workers in the period, one before it and one record at its (excluded) end.
    static let records: [QualityRecord] = [
        record(900, .stepDone, "w-cccccc", step: "s1", level: .full, duration: 100),
        record(1000, .login, "w-bbbbbb"),
        record(1001, .stepStarted, "w-bbbbbb", step: "s1", level: .full),
        record(1010, .stepDone, "w-bbbbbb", step: "s1", level: .full, duration: 9),
        record(1011, .wrongAction, "w-bbbbbb", step: "s2"),
        record(1012, .stepStarted, "w-bbbbbb", step: "s2", level: .full),
        record(1020, .stepDone, "w-bbbbbb", step: "s2", level: .full, duration: 8),
        record(1021, .cycleDone, "w-bbbbbb", duration: 20),
        record(1030, .levelChanged, "w-bbbbbb", step: "s1", level: .hint, from: .full, detail: "3 clean runs"),
        record(1031, .stepStarted, "w-bbbbbb", step: "s1", level: .hint),
        record(1036, .stepDone, "w-bbbbbb", step: "s1", level: .hint, duration: 5),
        record(1037, .help, "w-bbbbbb", step: "s2"),
        record(1038, .confirmedByHand, "w-bbbbbb", step: "s2"),
        record(1040, .stepDone, "w-bbbbbb", step: "s2", level: .full, duration: 3),
        record(1041, .cycleDone, "w-bbbbbb", duration: 19),
        record(1100, .stepStarted, "w-aaaaaa", step: "s1", level: .full),
        record(1112, .hesitation, "w-aaaaaa", step: "s1"),
        record(1120, .stepDone, "w-aaaaaa", step: "s1", level: .full, duration: 20),
        record(1130, .cycleDone, "w-aaaaaa", duration: 30),
        record(2000, .stepDone, "w-aaaaaa", step: "s1", level: .full, duration: 1),
    ]

    static let report = Report.build(records: records, from: Instant(seconds: 1000), to: Instant(seconds: 2000))

    @Test func workersAreListedByPseudonymWithHandCountedNumbers() throws {
        let workers = Self.report.perWorker
        #expect(workers.map(\.worker) == ["w-aaaaaa", "w-bbbbbb"])
        let a = workers[0], b = workers[1]
        #expect(Self.counts(a) == [1, 1, 0, 1, 0])
        #expect(a.medianCycleSeconds == 30)
        #expect(Self.counts(b) == [2, 4, 1, 0, 1])
        #expect(b.medianCycleSeconds == 19.5)
        #expect(b.currentLevels.map { "\($0.step)=\($0.level)" } == ["s1=hint", "s2=full"])
        let change = try #require(b.levelChanges.first)
        #expect(b.levelChanges.count == 1)
        #expect([change.from, change.to, change.reason] as [String?] == ["full", "hint", "3 clean runs"])
    }

    @Test func stepsSummariseAllWorkersInThePeriod() {
        let steps = Self.report.perStep
        #expect(steps.map(\.step) == ["s1", "s2"])
        let s1 = steps[0], s2 = steps[1]
        #expect(Self.counts(s1) == [3, 0, 1, 0, 0])
        #expect(s1.medianSeconds == 9)
        #expect(s1.levels == ["full": 2, "hint": 1])
        #expect(Self.counts(s2) == [2, 1, 0, 1, 1])
        #expect(s2.medianSeconds == 5.5)
        #expect(s2.levels == ["full": 2])
    }

    @Test func onlyTheLastFiveLevelChangesAreKept() {
        let levels: [GuidanceLevel] = [.hint, .location, .hint, .full, .hint, .location, .silent]
        let records = levels.enumerated().map { index, level in
            Self.record(Double(index), .levelChanged, "w-aaaaaa", step: "s1", level: level, detail: "r\(index)")
        }
        let changes = Report.build(records: records).perWorker[0].levelChanges
        #expect(changes.map(\.reason) == ["r2", "r3", "r4", "r5", "r6"])
    }

    @Test func jsonRoundTripsAndNamesLevels() throws {
        let data = try JSONEncoder().encode(Self.report)
        #expect(try JSONDecoder().decode(Report.self, from: data) == Self.report)
        #expect(String(decoding: data, as: UTF8.self).contains("\"hint\":1"))
    }

    @Test func textHasAlignedColumns() {
        let text = Self.report.formattedText()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Quality report, 1970-01-01T00:16:40.000Z to 1970-01-01T00:33:20.000Z")
        let header = lines.firstIndex { $0.hasPrefix("worker") }!
        let table = lines[header...(header + 2)]
        #expect(table.map { $0.count } == Array(repeating: table.first!.count, count: 3))
        #expect(table.last!.hasPrefix("w-bbbbbb") && table.last!.contains("19.5s"))
        #expect(text.contains("full 2, hint 1"))
        #expect(text.contains("s1: full → hint (3 clean runs)"))
    }

    /// Cycles, steps done, wrong actions, hesitations, help.
    static func counts(_ w: WorkerSummary) -> [Int] {
        [w.cycles, w.stepsDone, w.wrongActions, w.hesitations, w.helpRequests]
    }

    /// Runs, wrong actions, hesitations, help, confirmed by hand.
    static func counts(_ s: StepSummary) -> [Int] {
        [s.runs, s.wrongActions, s.hesitations, s.helpRequests, s.confirmedByHand]
    }

    @Test func medianOfEvenAndOddCounts() {
        #expect(median([]) == nil)
        #expect(median([3, 1, 2]) == 2)
        #expect(median([4, 1, 3, 2]) == 2.5)
    }
}
