import Foundation
import StepwiseCore
import Testing
@testable import StepwiseLog

@Suite struct RecordFormatTests {
    /// Written independently of the formatter (by a script), so the test checks bytes, not itself.
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/log/records.jsonl")

    static let records: [QualityRecord] = {
        var full = Sample.full()
        full.at = Instant(nanoseconds: 1_764_059_000_250_000_123)
        full.detail! += "\u{1}"
        return [
            full,
            QualityRecord(at: Instant(nanoseconds: 5), kind: .fault, cell: "c", detail: "usb gone"),
            QualityRecord(at: Instant(nanoseconds: 1_709_251_199_999_999_999), kind: .cycleDone, cell: "c"),
        ]
    }()

    @Test func jsonLinesMatchTheFixtureByteForByte() throws {
        let expected = try String(contentsOf: Self.fixture, encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(Self.records.map(RecordFormat.jsonLine) == expected)
    }

    @Test func jsonLineIsValidJSONOnOneLine() throws {
        for record in Self.records {
            let line = RecordFormat.jsonLine(record)
            #expect(!line.contains("\n"))
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["kind"] as? String == record.kind.rawValue)
            #expect((object?["at_ns"] as? NSNumber)?.uint64Value == record.at.nanoseconds)
        }
    }

    @Test func isoTimeHandlesEpochLeapDayAndMilliseconds() {
        #expect(RecordFormat.isoTime(Instant(nanoseconds: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(RecordFormat.isoTime(Instant(nanoseconds: 951_782_400_000_000_000)) == "2000-02-29T00:00:00.000Z")
        #expect(RecordFormat.isoTime(Instant(nanoseconds: 4_102_444_799_007_000_000)) == "2099-12-31T23:59:59.007Z")
    }

    @Test func aRecordIsOneLineWithoutControlCharacters() {
        var record = Self.records[1]
        record.detail = "cannot be written: INSERT INTO quality_record (a,\n  b)\u{1B}[2J"
        let line = RecordFormat.textLine(record)
        #expect(!line.unicodeScalars.contains { $0.properties.generalCategory == .control })
        #expect(line.hasSuffix("INSERT INTO quality_record (a,   b) [2J"))
    }

    @Test func textLineReadsLikeASentence() {
        let line = RecordFormat.textLine(Self.records[0])
        #expect(line.hasPrefix("2025-11-25T08:23:20.250Z  demo-cell  w-00a1b2  level-changed  led-fixture@1.2"))
        #expect(line.contains("step fit-driver  level full → hint  12.8s  input torque.ok  — 3 clean runs"))
        #expect(RecordFormat.textLine(Self.records[1]) == "1970-01-01T00:00:00.000Z  c  -  fault  — usb gone")
    }
}
