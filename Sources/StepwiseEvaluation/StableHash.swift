extension String {
    /// A stable 64-bit hash (FNV-1a) for naming random streams; `hashValue` is seeded per process.
    var stableHash: UInt64 {
        utf8.reduce(0xCBF2_9CE4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }
}
