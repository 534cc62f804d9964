import Foundation

/// SplitMix64: a tiny, fast, well-mixed generator. Seeded, so an evaluation or a fuzz run is
/// repeatable bit for bit; each worker and policy gets its own stream (see `SeededRandom.stream`).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// An independent stream for one purpose (a worker, a policy), derived from `seed`, so adding
    /// a worker or a policy does not change the draws of the others.
    public static func stream(seed: UInt64, _ parts: UInt64...) -> SeededRandom {
        var mixer = SeededRandom(seed: seed)
        var value = mixer.next()
        for part in parts {
            mixer = SeededRandom(seed: value ^ (part &* 0x9E37_79B9_7F4A_7C15))
            value = mixer.next()
        }
        return SeededRandom(seed: value)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 bits.
    public mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u = max(uniform(), 1e-12), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
