import StepwiseCore
import Testing

@testable import StepwiseDashboard

/// A unit's quality record shows each step's tightenings: verdict, torque with its limits, angle,
/// program and the controller's id, NOKs included.
@Suite struct UnitRecordTighteningTests {
    static func at(_ seconds: UInt64) -> Instant { Instant(nanoseconds: 1_000_000_000_000 + seconds * 1_000_000_000) }

    static func tightening(ok: Bool, torque: Int, id: Int) -> Tightening {
        Tightening(
            ok: ok, torqueHundredths: torque, torqueMinHundredths: 380, torqueMaxHundredths: 440,
            torqueStatus: ok ? .ok : .high, angleDegrees: 92, angleMinDegrees: 60, angleMaxDegrees: 120,
            angleStatus: .ok, program: 3, controllerID: id)
    }

    @Test func tighteningsAppearOnTheirStepsLine() throws {
        func record(_ kind: QualityRecord.Kind, _ second: UInt64, step: StepID? = nil, _ t: Tightening? = nil)
            -> QualityRecord
        {
            var r = QualityRecord(at: Self.at(second), kind: kind, cell: "bench-1", worker: "w-1", cycle: 1, step: step)
            r.tightening = t
            return r
        }
        let records = [
            record(.login, 0), record(.stepStarted, 1, step: "screw"),
            record(.tightening, 2, step: "screw", Self.tightening(ok: false, torque: 452, id: 1016)),
            record(.wrongAction, 2, step: "screw"),
            record(.tightening, 3, step: "screw", Self.tightening(ok: true, torque: 410, id: 1017)),
            record(.stepDone, 3, step: "screw"), record(.cycleDone, 4),
        ]
        let unit = try #require(UnitRecord(cell: "bench-1", done: Self.at(4), records: records))
        #expect(unit.steps.first?.tightenings.map(\.controllerID) == [1016, 1017])
        let table = unit.table(showWorker: false)
        let column = try #require(table.columns.firstIndex(of: "tightenings"))
        #expect(
            table.rows.first?[column]
                == "NOK 4.52 Nm (3.80–4.40), 92°, program 3, tightening 1016; "
                + "OK 4.10 Nm (3.80–4.40), 92°, program 3, tightening 1017")
    }
}
