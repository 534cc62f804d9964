import StepwiseTestSupport
import Testing
@testable import StepwiseOpenProtocol

func frame(mid: Int, revision: Int = 1, data: String) throws -> OpenProtocolFrame {
    try OpenProtocolFrame(decoding: OpenProtocolController.frame(mid: mid, revision: revision, data: data))
}

@Suite struct MessageTests {
    @Test func readsAllTwentyThreeFieldsOfAResult() throws {
        var tightening = SimulatedTightening()
        tightening.ok = false
        tightening.torqueHundredths = 1612
        tightening.angle = 211
        tightening.parameterSet = 7
        tightening.batchCounter = 3
        tightening.tighteningID = 4_294_967_295
        let result = try TighteningResult(frame: frame(mid: 61, data: tightening.data))
        #expect(tightening.data.utf8.count == 211)
        #expect(result.status == .nok && !result.isOK)
        #expect(result.torque == Torque(hundredths: 1612))
        #expect(result.torque.description == "16.12")
        #expect(result.torqueStatus == .high)
        #expect(result.torqueMin.description == "10.00" && result.torqueMax.description == "15.00")
        #expect(result.torqueTarget == Torque(hundredths: 1250))
        #expect(result.angle == 211 && result.angleMin == 90 && result.angleMax == 360 && result.angleTarget == 180)
        #expect(result.angleStatus == .ok)
        #expect(result.parameterSet == 7 && result.batchCounter == 3 && result.batchSize == 4)
        #expect(result.tighteningID == 4_294_967_295)
        #expect(
            result.controllerName == "Simulated PF" && result.vin == "VIN-42" && result.cell == 1 && result.channel == 1
        )
        #expect(
            result.timeStamp == ControllerTimeStamp(year: 2026, month: 12, day: 4, hour: 10, minute: 15, second: 30))
        #expect(result.timeStamp.description == "2026-12-04:10:15:30")
        #expect(result.batchStatus == .ok)
        #expect(result.summary.hasPrefix("NOK torque 16.12 Nm (10.00–15.00, high)"))
    }

    @Test func aStatusOutOfRangeIsALocatedError() throws {
        let data = Array(SimulatedTightening().data.utf8)
        var broken = data
        // Field 09 (tightening status) value sits after 01…08 and its own number: 4+2+25+25+2+3+4+4 + 9×2 = 87.
        #expect(broken[87] == UInt8(ascii: "1"))
        broken[87] = UInt8(ascii: "7")
        let error = #expect(throws: MessageError.self) {
            try TighteningResult(frame: frame(mid: 61, data: String(decoding: broken, as: UTF8.self)))
        }
        #expect(error?.byte == 20 + 87)
        #expect(error?.description.contains("tightening status") == true)
    }

    @Test func aBadTimeStampOrShortDataOrWrongFieldNumberIsRefused() throws {
        let good = SimulatedTightening().data
        var badDate = SimulatedTightening()
        badDate.timeStamp = "2026-13-04:10:15:30"
        #expect(throws: MessageError.self) { try TighteningResult(frame: frame(mid: 61, data: badDate.data)) }
        #expect(throws: MessageError.self) {
            try TighteningResult(frame: frame(mid: 61, data: String(good.dropLast(3))))
        }
        #expect(throws: MessageError.self) {
            try TighteningResult(frame: frame(mid: 61, data: "99" + good.dropFirst(2)))
        }
        #expect(throws: MessageError.self) { try TighteningResult(frame: frame(mid: 61, revision: 2, data: good)) }
    }

    @Test func readsTheStartAcknowledgeOfEachRevision() throws {
        let one = try CommunicationStartAcknowledge(
            frame: frame(mid: 2, data: "010001" + "0201" + "03" + "PF6000                   "))
        #expect(one.cell == 1 && one.channel == 1 && one.controllerName == "PF6000" && one.supplierCode == nil)
        let three = try CommunicationStartAcknowledge(
            frame: frame(
                mid: 2, revision: 3,
                data: "010042" + "0203" + "03" + "PF6000                   " + "04ACT" + "05" + "2.16.0             "
                    + "06" + "C 1.0              " + "07" + "T 1.0              "))
        #expect(three.cell == 42 && three.channel == 3 && three.supplierCode == "ACT")
        #expect(
            three.openProtocolVersion == "2.16.0" && three.controllerSoftwareVersion == "C 1.0"
                && three.toolSoftwareVersion == "T 1.0")
        #expect(throws: MessageError.self) {
            try CommunicationStartAcknowledge(frame: frame(mid: 2, data: "01000A0201"))
        }
    }

    @Test func readsCommandErrorAndAccepted() throws {
        let error = try CommandError(frame: frame(mid: 4, data: "000197"))
        #expect(error == CommandError(refused: .communicationStart, code: CommandError.revisionUnsupported))
        #expect(error.description.contains("revision unsupported"))
        #expect(try CommandAccepted(frame: frame(mid: 5, data: "0043")).accepted == .enableTool)
        #expect(throws: MessageError.self) { try CommandError(frame: frame(mid: 4, data: "0001")) }
        #expect(throws: MessageError.self) { try CommandAccepted(frame: frame(mid: 5, data: "00x3")) }
    }
}
