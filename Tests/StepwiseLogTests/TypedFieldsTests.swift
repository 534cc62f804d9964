import Foundation
import GRDB
import StepwiseTestSupport
import StepwiseCore
import Testing

@testable import StepwiseLog

/// Faults and level changes are stored as typed columns; logs written before them still read,
/// their faults' devices whole.
@Suite struct TypedFieldsTests {
    static let at = Instant(seconds: 1_767_596_400)

    @Test func typedFieldsSurviveTheLog() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("q.sqlite"))
        let records = [
            QualityRecord(
                at: Self.at, kind: .fault, cell: "c", detail: "line does not answer",
                faultDevice: "gpiochip0 line 17", faultKind: .sensor),
            QualityRecord(
                at: Self.at.adding(seconds: 1), kind: .levelChanged, cell: "c", step: "pick", level: .hint,
                previousLevel: .full, detail: "3 clean runs on tempo (mastery 96 %)", reason: .cleanRuns,
                reasonCount: 3, reasonRatio: 0.96),
        ]
        try log.append(records)
        #expect(try log.records() == records)
    }

    /// A log as the daemon wrote it before the typed columns: only the text said which device.
    static func writeOldLog(_ path: String) throws {
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: """
                    \(OldLogTables.version2);
                    INSERT INTO quality_record (at_ns, kind, cell, step, level, previous_level, detail) VALUES
                        (1, 'fault', 'c', NULL, NULL, NULL, 'gpiochip0 line 17 (sensor): line does not answer'),
                        (2, 'fault', 'c', NULL, NULL, NULL, 'usb-1 (usb): reader (usb): unplugged'),
                        (3, 'fault', 'c', NULL, NULL, NULL, 'disk full'),
                        (4, 'fault-cleared', 'c', NULL, NULL, NULL, 'gpiochip0 line 17'),
                        (5, 'level-changed', 'c', 'pick', 'hint', 'full',
                            '3 clean runs at ≤ 110 % of target (mastery 96 %)');
                    """)
        }
    }

    @Test func anOldLogReadsWithItsFaultDevicesWhole() throws {
        let scratch = try Scratch()
        let path = scratch.path("old.sqlite")
        try Self.writeOldLog(path)
        let records = try QualityLog(path: path).records()
        #expect(records.count == 5)
        #expect(records[0].faultDevice == "gpiochip0 line 17" && records[0].faultKind == .sensor)
        #expect(records[0].detail == "line does not answer")
        #expect(records[1].faultDevice == "usb-1" && records[1].detail == "reader (usb): unplugged")
        #expect(records[2].faultDevice == nil && records[2].detail == "disk full", "unreadable text stays as it was")
        #expect(records[3].faultDevice == "gpiochip0 line 17" && records[3].faultKind == .sensor)
        #expect(records[4].reason == nil && records[4].detail == "3 clean runs at ≤ 110 % of target (mastery 96 %)")
        #expect(RecordFormat.explanation(records[4], language: "nl") == records[4].detail, "an old sentence as is")
    }

    @Test func theMigrationRunsOnceAndLeavesNewRowsAlone() throws {
        let scratch = try Scratch()
        let path = scratch.path("old.sqlite")
        try Self.writeOldLog(path)
        let log = try QualityLog(path: path)
        let fresh = QualityRecord(
            at: Self.at, kind: .fault, cell: "c", detail: "x (sensor): y", faultDevice: "a b", faultKind: .usb)
        try log.append([fresh])
        #expect(try QualityLog(path: path).records().last == fresh)
    }

    @Test func legacyFaultTextSplitsAtTheKindNotAtASpace() {
        #expect(
            LegacyFaultText("gpiochip0 line 17 (sensor): line does not answer")
                == LegacyFaultText(device: "gpiochip0 line 17", kind: .sensor, message: "line does not answer"))
        #expect(LegacyFaultText("projector (projector): gone")?.device == "projector")
        #expect(LegacyFaultText("(usb): nothing before") == nil)
        #expect(LegacyFaultText("gpiochip0 line 17 (laser): ?") == nil)
    }

    @Test func theReasonIsWordedWhereItIsRead() {
        let record = QualityRecord(
            at: Self.at, kind: .levelChanged, cell: "c", step: "pick", level: .hint, previousLevel: .location,
            detail: "2 slow runs (≥ 180 % of target)", reason: .slowRuns, reasonCount: 2, reasonRatio: 1.8)
        #expect(RecordFormat.explanation(record) == "2 slow runs (≥ 180 % of target)")
        #expect(RecordFormat.explanation(record, language: "nl") == "2 trage rondes (≥ 180 % van de streeftijd)")
        let json = RecordFormat.jsonLine(record)
        #expect(json.contains(#""reason":"slow-runs","reason_count":2,"reason_ratio":1.8"#))
        #expect(RecordFormat.textLine(record).hasSuffix("— 2 slow runs (≥ 180 % of target)"))
    }
}
