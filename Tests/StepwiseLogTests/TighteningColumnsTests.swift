import Foundation
import StepwiseCore
import Testing

@testable import StepwiseLog

/// A tightening's values go to typed columns and come back field for field; other records keep them empty.
@Suite struct TighteningColumnsTests {
    @Test func aTighteningRecordRoundTripsThroughTheLog() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tightening-\(UUID().uuidString).sqlite"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try QualityLog(path: path)
        var record = QualityRecord(
            at: Instant(nanoseconds: 5_000_000_000), kind: .tightening, cell: "bench-1", step: "screw",
            input: "torque.nok")
        record.tightening = Tightening(
            ok: false, torqueHundredths: 452, torqueMinHundredths: 380, torqueMaxHundredths: 440, torqueStatus: .high,
            angleDegrees: 92, angleMinDegrees: 60, angleMaxDegrees: 120, angleStatus: .ok, program: 3,
            controllerID: 1016)
        let other = QualityRecord(at: Instant(nanoseconds: 6_000_000_000), kind: .stepDone, cell: "bench-1")
        try log.append([record, other])
        #expect(try log.records() == [record, other])
        let json = RecordFormat.jsonLine(record)
        #expect(json.contains(#""tightening_ok":false,"torque_cnm":452,"#) && json.contains(#""tightening_id":1016"#))
        #expect(!RecordFormat.jsonLine(other).contains("torque"))
        #expect(RecordFormat.textLine(record).contains("NOK 4.52 Nm (3.80–4.40), 92° program 3 tightening 1016"))
    }
}
