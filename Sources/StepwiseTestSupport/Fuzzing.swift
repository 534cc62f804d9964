/// A small mutation fuzzer for the parsers' tests: bounded in iterations and time, seeded so a failure can be
/// replayed. It lives in a test-support library (never linked by `stepwised` or `stepwise`).
///
/// Why not libFuzzer: `make test` must run on a fresh machine in bounded time with the toolchain alone; a seeded
/// mutation loop over the real parser with the known crashes as seeds finds the same class of defects (traps,
/// hangs on line ends, huge numbers) without a second build of every module with sanitizers.
import Foundation
import StepwiseCore

/// Deterministic pseudo-random numbers, so a failing input can be rebuilt from its seed.
public typealias FuzzRandom = SeededRandom

/// Byte-level mutations chosen for text formats: line-end swaps, BOMs, huge and non-finite numbers, control bytes.
public struct FuzzMutator: Sendable {
    public var random: FuzzRandom
    /// Tokens spliced into inputs: what broke parsers before (line ends, numbers that overflow, YAML anchors).
    public var dictionary: [[UInt8]] = [
        "\r", "\r\n", "\n", "\u{FEFF}", "\u{2028}", "\u{0}", "\u{1B}[2J", ".inf", "-.inf", ".nan", "nan", "inf",
        "1e308", "-1", "0", "18500000000", "9223372036854775807", "&a ", "*a", "<<: *a", "--- &top", ": ", "- ",
        "\t", "#", "\"", "'", "{", "[", "}", "]", "\u{00E9}", "\u{FFFF}", "\u{10FFFF}",
    ].map { Array($0.utf8) }

    public init(seed: UInt64) { random = FuzzRandom(seed: seed) }

    /// One to four random edits of `input`, capped at `maxSize` bytes.
    public mutating func mutate(_ input: [UInt8], maxSize: Int = 64 * 1024) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) { edit(&bytes) }
        return bytes.count > maxSize ? Array(bytes.prefix(maxSize)) : bytes
    }

    private mutating func edit(_ bytes: inout [UInt8]) {
        let at = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<7, using: &random) {
        case 0: bytes.insert(contentsOf: dictionary.randomElement(using: &random)!, at: at)
        case 1 where !bytes.isEmpty:
            let end = min(bytes.count, at + Int.random(in: 1...16, using: &random))
            if at < end { bytes.removeSubrange(at..<end) }
        case 2 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] = UInt8.random(in: 0...255, using: &random)
        case 3: bytes = bytes.map { $0 == 0x0A ? 0x0D : $0 }  // every LF becomes a CR
        case 4:
            bytes = Array(
                bytes.split(separator: 0x0A, omittingEmptySubsequences: false).joined(separator: [0x0D, 0x0A]))
        case 5 where !bytes.isEmpty:
            // Duplicate a slice: deep nesting and long lines.
            let end = min(bytes.count, at + Int.random(in: 1...64, using: &random))
            if at < end { bytes.insert(contentsOf: bytes[at..<end], at: at) }
        default: bytes.insert(contentsOf: Array("\u{FEFF}".utf8), at: 0)
        }
    }
}

/// Runs `body` on the seeds and then on mutations of them until `iterations` inputs or `budget` has passed.
/// `body` must return normally or throw a located error for any input: a trap ends the test process, which is the
/// failure this catches. Returns how many inputs ran (a test can assert it ran at least some).
@discardableResult
public func fuzz(
    seeds: [[UInt8]], iterations: Int, seed: UInt64 = 1, budget: Duration = .seconds(10),
    _ body: ([UInt8]) throws -> Void
) rethrows -> Int {
    precondition(!seeds.isEmpty, "fuzz needs at least one seed input")
    var mutator = FuzzMutator(seed: seed)
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: budget)
    var ran = 0
    for input in seeds {
        try body(input)
        ran += 1
    }
    var corpus = seeds
    while ran < iterations, clock.now < deadline {
        let parent = corpus.randomElement(using: &mutator.random)!
        let child = mutator.mutate(parent)
        try body(child)
        if corpus.count < 256 { corpus.append(child) }
        ran += 1
    }
    return ran
}
