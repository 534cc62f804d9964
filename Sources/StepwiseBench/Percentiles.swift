import Glibc

/// Durations in milliseconds from many repetitions, summarised by nearest-rank percentiles.
struct Samples {
    private(set) var values: [Double] = []

    init(capacity: Int = 0) { values.reserveCapacity(capacity) }

    mutating func add(_ milliseconds: Double) { values.append(milliseconds) }

    /// The nearest-rank percentile `q` (0…1); 0 when there are no samples.
    func percentile(_ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    var median: Double { percentile(0.5) }
    var count: Int { values.count }
}

/// CLOCK_MONOTONIC in nanoseconds: the one clock of every measurement.
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Runs `body` `repetitions` times and returns each run's milliseconds.
func measure(_ repetitions: Int, _ body: (Int) -> Void) -> Samples {
    var samples = Samples(capacity: repetitions)
    for i in 0..<repetitions {
        let start = monotonicNanoseconds()
        body(i)
        samples.add(Double(monotonicNanoseconds() - start) / 1e6)
    }
    return samples
}
