import StepwiseTestSupport
import Testing
@testable import StepwiseOpenProtocol

@Suite struct FrameDecoderFuzzTests {
    /// Random and mutated streams, fed in chunk sizes drawn from the input itself: no trap, no hang, the decoder
    /// never holds more than one frame, every frame it yields encodes back to itself, and typed readers only throw.
    @Test func survivesHostileStreams() throws {
        let result = OpenProtocolController.frame(mid: 61, revision: 1, data: SimulatedTightening().data)
        let seeds: [[UInt8]] = [
            result,
            OpenProtocolController.frame(mid: 2, revision: 3, data: OpenProtocolController.startData(3)),
            OpenProtocolController.frame(mid: 4, revision: 1, data: "000197")
                + OpenProtocolController.frame(mid: 9999, revision: 1, data: ""),
            OpenProtocolController.frame(mid: 5, revision: 1, data: "0060") + result + result,
            Array("99990061001         ".utf8) + Array(repeating: 0x35, count: 300),
            Array("0019".utf8), [0, 0, 0], Array("HTTP/1.1 200 OK\r\n".utf8),
        ]
        var random = FuzzRandom(seed: 99)
        // Counted rather than checked with #expect per frame: the checks then cost little next to the decoder.
        var mismatches = 0, overflows = 0
        // The count is the requirement; the budget only stops a run that hangs (a loaded machine is slower, not wrong).
        let ran = try fuzz(seeds: seeds, iterations: 100_000, seed: 13, budget: .seconds(180)) {
            (input: [UInt8]) throws in
            var decoder = FrameDecoder()
            // Past one largest frame and its neighbours a longer input finds nothing new, only costs time.
            var rest = input.prefix(12_000)
            while !rest.isEmpty {
                let size = Int.random(in: 1...max(1, min(rest.count, 300)), using: &random)
                for outcome in decoder.feed(rest.prefix(size)) {
                    guard case .success(let frame) = outcome else { continue }
                    if try OpenProtocolFrame(decoding: frame.encoded()) != frame { mismatches += 1 }
                    _ = try? TighteningResult(frame: frame)
                    _ = try? CommunicationStartAcknowledge(frame: frame)
                    _ = try? CommandError(frame: frame)
                }
                if decoder.bufferedCount > FrameDecoder.bufferLimit { overflows += 1 }
                rest = rest.dropFirst(size)
            }
        }
        #expect(ran >= 100_000)
        #expect(mismatches == 0)
        #expect(overflows == 0)
    }
}
