import Foundation
import StepwiseCore
import StepwiseLog
import Synchronization

/// When a simulated station writes: records at `rate` a second on average (exponential gaps, so
/// arrivals are Poisson, one transaction each as the daemon commits them) and, once in each
/// window, a burst of `burst` records in one transaction. Drawn from a seed: runs are comparable.
struct FleetSchedule: Sendable, Equatable {
    struct Write: Sendable, Equatable {
        /// Seconds after the phase's start.
        var offset: Double
        var records: Int
    }

    let writes: [Write]

    init(seconds: Double, rate: Double, burst: Int, burstWindow: Double, random: inout SeededRandom) {
        var writes: [Write] = []
        var at = -log(1 - random.uniform()) / rate
        while at < seconds {
            writes.append(Write(offset: at, records: 1))
            at += -log(1 - random.uniform()) / rate
        }
        var windowStart = 0.0
        while windowStart < seconds {
            let length = min(burstWindow, seconds - windowStart)
            writes.append(Write(offset: windowStart + random.uniform() * length, records: burst))
            windowStart += burstWindow
        }
        self.writes = writes.sorted { $0.offset < $1.offset }
    }

    var records: Int { writes.reduce(0) { $0 + $1.records } }
}

/// One simulated station's ledger: when each of its records was written, and how long each waited
/// until its uplink's mark moved past it (committed centrally and acknowledged locally). Row ids
/// are 1, 2, … in write order: the station's scratch log has no other writer.
final class FleetLedger: Sendable {
    private struct State {
        var written: [ContinuousClock.Instant] = []
        var acknowledged: Int64 = 0
        var lags: [Double] = []
    }

    private let state = Mutex(State())
    /// Row ids below this one (the warm-up's) are shipped and checked, but not timed.
    let firstTimed: Int64

    init(firstTimed: Int64) { self.firstTimed = firstTimed }

    /// Notes `count` records about to be appended now. Taken before the append, so a lag includes
    /// the local commit: an uplink may see the rows the moment they are committed.
    func writing(_ count: Int, at instant: ContinuousClock.Instant) {
        state.withLock { $0.written += Array(repeating: instant, count: count) }
    }

    func acknowledged(through localID: Int64, at instant: ContinuousClock.Instant) {
        state.withLock { state in
            let last = min(localID, Int64(state.written.count))
            guard last > state.acknowledged else { return }
            var id = max(state.acknowledged + 1, firstTimed)
            while id <= last {
                state.lags.append(FleetClock.seconds(from: state.written[Int(id - 1)], to: instant))
                id += 1
            }
            state.acknowledged = last
        }
    }

    var written: Int64 { state.withLock { Int64($0.written.count) } }
    var acknowledgedThrough: Int64 { state.withLock { $0.acknowledged } }
    var lags: [Double] { state.withLock { $0.lags } }
}

enum FleetClock {
    static func seconds(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Double {
        let duration = end - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// A simulated station's writer: appends step records to its scratch log through `QualityLog`, as
/// the daemon does, on the schedule.
struct FleetWriter: Sendable {
    let log: QualityLog
    let ledger: FleetLedger
    let cell: CellID

    func write(_ schedule: FleetSchedule, from start: ContinuousClock.Instant) async throws {
        var index = 0
        for write in schedule.writes {
            try await Task.sleep(until: start.advanced(by: .seconds(write.offset)), clock: .continuous)
            try append(write.records, index: index)
            index += write.records
        }
    }

    func append(_ count: Int, index: Int) throws {
        let now = Uplink.wallClock()
        let records = (index..<index + count).map { UplinkThroughput.stepRecord($0, at: now, cell: cell) }
        ledger.writing(count, at: .now)
        try log.append(records)
    }
}
