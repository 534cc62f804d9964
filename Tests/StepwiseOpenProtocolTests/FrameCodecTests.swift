import StepwiseTestSupport
import Testing
@testable import StepwiseOpenProtocol

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A frame written out by hand from the specification's layout, NUL added.
func wire(_ text: String) -> [UInt8] { bytes(text) + [0] }

func frames(_ results: [Result<OpenProtocolFrame, FrameError>]) -> [OpenProtocolFrame] {
    results.compactMap { if case .success(let frame) = $0 { frame } else { nil } }
}

func errors(_ results: [Result<OpenProtocolFrame, FrameError>]) -> [FrameError] {
    results.compactMap { if case .failure(let error) = $0 { error } else { nil } }
}

@Suite struct FrameCodecTests {
    @Test func headerFieldsAreTyped() throws {
        let frame = try OpenProtocolFrame(decoding: wire("00230018002101020311123"))
        #expect(frame.length == 23)
        #expect(frame.data == bytes("123"))
        #expect(frame.mid == .selectParameterSet)
        #expect(frame.revision == 2)
        #expect(frame.noAcknowledge)
        #expect(frame.station == 1)
        #expect(frame.spindle == 2)
        #expect(frame.sequence == 3)
        #expect(frame.parts == 1)
        #expect(frame.partNumber == 1)
    }

    @Test func blankAndZeroRevisionMeanOne() throws {
        #expect(try OpenProtocolFrame(decoding: wire("00209999            ")).revision == 1)
        #expect(try OpenProtocolFrame(decoding: wire("00209999000         ")).revision == 1)
        let blank = try OpenProtocolFrame(decoding: wire("00209999            "))
        #expect(blank.station == nil && blank.spindle == nil && blank.sequence == nil && !blank.noAcknowledge)
    }

    @Test func encodesEachRequestAsTheSpecificationLaysItOut() throws {
        #expect(try ControllerRequest.communicationStart(revision: 3).encoded() == wire("002000010030        "))
        #expect(try ControllerRequest.communicationStop.encoded() == wire("002000030010        "))
        #expect(try ControllerRequest.selectParameterSet(7).encoded() == wire("002300180010        007"))
        #expect(try ControllerRequest.disableTool.encoded() == wire("002000420010        "))
        #expect(try ControllerRequest.enableTool.encoded() == wire("002000430010        "))
        #expect(try ControllerRequest.subscribeLastResult(revision: 1).encoded() == wire("002000600010        "))
        #expect(try ControllerRequest.acknowledgeLastResult.encoded() == wire("002000620010        "))
        #expect(try ControllerRequest.unsubscribeLastResult.encoded() == wire("002000630010        "))
        #expect(try ControllerRequest.keepAlive.encoded(station: 1, spindle: 2) == wire("0020999900100102    "))
    }

    @Test func roundTripsEveryHeaderField() throws {
        let frame = OpenProtocolFrame(
            mid: 61, revision: 999, noAcknowledge: true, station: 99, spindle: 0, sequence: 42, parts: 9, partNumber: 3,
            data: bytes("hello"))
        #expect(try OpenProtocolFrame(decoding: frame.encoded()) == frame)
    }

    @Test func refusesValuesThatDoNotFitTheirField() {
        #expect(throws: FrameEncodingError.self) { try ControllerRequest.selectParameterSet(1000).encoded() }
        #expect(throws: FrameEncodingError.self) { try ControllerRequest.selectParameterSet(-1).encoded() }
        #expect(throws: FrameEncodingError.self) { try ControllerRequest.keepAlive.encoded(station: 100) }
        #expect(throws: FrameEncodingError.self) {
            try OpenProtocolFrame(mid: 1, data: [UInt8](repeating: 0x41, count: OpenProtocolFrame.maximumDataSize + 1))
                .encoded()
        }
    }

    @Test func aFrameSplitAcrossReadsArrivesOnce() throws {
        let one = try ControllerRequest.selectParameterSet(12).encoded()
        var decoder = FrameDecoder()
        var results: [Result<OpenProtocolFrame, FrameError>] = []
        for byte in one { results += decoder.feed([byte]) }
        #expect(frames(results).map(\.mid) == [.selectParameterSet])
        #expect(errors(results).isEmpty)
        #expect(decoder.bufferedCount == 0)
    }

    @Test func theLargestFrameByteByByteThenACutOneThenAGoodOne() throws {
        let largest = try OpenProtocolFrame(
            mid: 61, data: [UInt8](repeating: 0x37, count: OpenProtocolFrame.maximumDataSize)
        ).encoded()
        let stream = largest + Array(largest.prefix(500)) + [0] + largest
        var decoder = FrameDecoder()
        var results: [Result<OpenProtocolFrame, FrameError>] = []
        for byte in stream { results += decoder.feed([byte]) }
        #expect(frames(results).map(\.length) == [9999, 9999])
        #expect(errors(results).map(\.kind) == [.truncated(declaredLength: 9999, nulAt: 500)])
        #expect(errors(results).first?.offset == 10_000)
        #expect(decoder.bufferedCount == 0)
    }

    @Test func twoFramesInOneReadArriveInOrder() throws {
        var decoder = FrameDecoder()
        let results = decoder.feed(try ControllerRequest.enableTool.encoded() + ControllerRequest.keepAlive.encoded())
        #expect(frames(results).map(\.mid) == [.enableTool, .keepAlive])
        #expect(errors(results).isEmpty)
    }

    @Test func garbageBeforeAFrameIsReportedOnceAndTheFrameStillArrives() throws {
        var decoder = FrameDecoder()
        let results = decoder.feed(
            bytes("HTTP/1.1 400 Bad Request\r\n\r\n") + (try ControllerRequest.keepAlive.encoded()))
        #expect(errors(results).count == 1)
        #expect(errors(results).first?.offset == 0)
        #expect(frames(results).map(\.mid) == [.keepAlive])
    }

    @Test func aTruncatedFrameDoesNotSwallowTheFrameBehindIt() throws {
        var decoder = FrameDecoder()
        // Declares 30 bytes but ends after 22 with a NUL; a whole keep-alive follows.
        let results = decoder.feed(wire("00300061001         ab") + (try ControllerRequest.keepAlive.encoded()))
        #expect(errors(results).map(\.kind) == [.truncated(declaredLength: 30, nulAt: 22)])
        #expect(frames(results).map(\.mid) == [.keepAlive])
    }

    @Test func aResultCutShortIsOneErrorAndTheNextResultArrives() throws {
        // The cut part is full of digits that look like frame starts; none may hide the result behind it.
        let whole = StepwiseTestSupport.OpenProtocolController.frame(
            mid: 61, revision: 1, data: SimulatedTightening().data)
        var decoder = FrameDecoder()
        let results = decoder.feed(Array(whole.prefix(120)) + [0] + whole)
        #expect(errors(results).map(\.kind) == [.truncated(declaredLength: 231, nulAt: 120)])
        #expect(frames(results).map(\.mid) == [.lastResult])
    }

    @Test func eachBrokenStretchIsOneError() {
        var decoder = FrameDecoder()
        #expect(errors(decoder.feed(bytes("0030XXXX") + [0] + bytes("garbage") + [0] + bytes("ZZ"))).count == 3)
    }

    @Test func aMissingTerminatorIsReportedAndTheNextFrameRead() throws {
        var decoder = FrameDecoder()
        let results = decoder.feed(bytes("00209999001         X") + (try ControllerRequest.keepAlive.encoded()))
        #expect(errors(results).map(\.kind) == [.missingTerminator(declaredLength: 20, found: 0x58)])
        #expect(frames(results).map(\.mid) == [.keepAlive])
    }

    @Test func shortLengthsAndBadHeaderFieldsAreLocatedErrors() throws {
        var decoder = FrameDecoder()
        let results = decoder.feed(
            wire("00199999001        ") + wire("00209A99001         ") + wire("00209999001X        "))
        let found = errors(results)
        #expect(found.count >= 2)
        #expect(frames(results).isEmpty)
        #expect(found.contains { if case .badHeaderField(name: "no-ack flag", _, _) = $0.kind { true } else { false } })
        #expect(found.allSatisfy { !$0.description.isEmpty && $0.description.hasPrefix("byte ") })
    }

    @Test func aStalledLongFrameHoldsAtMostOneFrame() {
        var decoder = FrameDecoder()
        _ = decoder.feed(bytes("99990061001         ") + [UInt8](repeating: 0x41, count: 20_000))
        // 9999 bytes declared, 20 020 sent with no NUL at 9999: reported, then resynchronised; nothing piles up.
        #expect(decoder.bufferedCount <= FrameDecoder.bufferLimit)
        var waiting = FrameDecoder()
        _ = waiting.feed(bytes("99990061001         ") + [UInt8](repeating: 0x41, count: 5000))
        #expect(waiting.bufferedCount == 5020)
    }

    @Test func errorsCarryTheirStreamOffsetAcrossReads() throws {
        var decoder = FrameDecoder()
        _ = decoder.feed(try ControllerRequest.keepAlive.encoded())
        let results = decoder.feed(bytes("zz"))
        #expect(errors(results).first?.offset == 21)
    }
}
