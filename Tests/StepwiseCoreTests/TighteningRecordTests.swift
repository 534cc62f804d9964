import Testing

@testable import StepwiseCore

/// Every tightening is a record of its own with its values, against the step it counted for; a
/// NOK is also the step's wrong action, as a `torque.nok` activation always was.
@Suite struct TighteningRecordTests {
    static func values(ok: Bool, id: Int) -> Tightening {
        Tightening(
            ok: ok, torqueHundredths: ok ? 410 : 520, torqueMinHundredths: 380, torqueMaxHundredths: 440,
            torqueStatus: ok ? .ok : .high, angleDegrees: 92, angleMinDegrees: 60, angleMaxDegrees: 120,
            angleStatus: .ok, program: 3, controllerID: id)
    }

    @Test func eachTighteningIsARecordOfItsStepWithItsValues() {
        var station = Station()
        station.startFour()
        station.press("bin-a.pick", "place.ok")
        let first = station.send(.tightened("torque.ok", Self.values(ok: true, id: 101))).records
        #expect(station.kinds(first) == [.tightening])
        #expect(first.first?.step == "screw" && first.first?.input == "torque.ok")
        #expect(first.first?.tightening == Self.values(ok: true, id: 101))
        #expect(station.state.runs[0].counts["torque.ok"] == 1, "it counts like the input it activates")
    }

    @Test func aNOKIsRecordedAndIsTheStepsWrongAction() {
        var station = Station()
        station.startFour()
        station.press("bin-a.pick", "place.ok")
        let records = station.send(.tightened("torque.nok", Self.values(ok: false, id: 102))).records
        #expect(station.kinds(records) == [.tightening, .wrongAction])
        #expect(records.allSatisfy { $0.step == "screw" })
        #expect(records.first?.tightening?.torqueStatus == .high)
        #expect(station.state.runs[0].wrongActions == 1)
    }

    @Test func aTighteningOutsideWorkIsKeptWithoutAStep() {
        var station = Station()
        let records = station.send(.tightened("torque.ok", Self.values(ok: true, id: 7))).records
        #expect(station.kinds(records) == [.tightening])
        #expect(records.first?.step == nil && records.first?.tightening?.controllerID == 7)
    }

    @Test func theSummaryIsExact() {
        #expect(Self.values(ok: true, id: 1).summary == "4.10 Nm (3.80–4.40), 92°")
        #expect(Tightening.newtonMetres(-5) == "-0.05" && Tightening.newtonMetres(1200) == "12.00")
    }
}
