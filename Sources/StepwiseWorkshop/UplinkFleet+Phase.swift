import Foundation
import Logging
import StepwiseCore

/// The fleet's timed phase: every uplink running, a warm-up record each (so connecting and the
/// schema check are not timed), then the writers on their schedules, then the uplinks catching up.
struct FleetPhase {
    struct Measured: Sendable {
        var records: Int
        var wallSeconds: Double
        var serverCPUSeconds: Result<Double, UplinkFleet.ServerCPUUnknown>
        var benchCPUSeconds: Double
    }

    let stations: [FleetStation]
    let settings: UplinkFleet.Settings
    let address: CentralAddress
    let cpu: Result<ServerCPU, UplinkFleet.ServerCPUUnknown>
    let logger: Logger

    /// Starts an uplink per station, measures, and stops them all again (also on a failure: the
    /// task group waits for every uplink, and an uplink returns only when asked to stop).
    func run() async throws -> Measured {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var wakes: [UplinkWake] = []
            defer { for wake in wakes { wake.requestStop() } }
            for station in stations {
                let uplink = try station.uplink(settings, address: address, logger: logger)
                wakes.append(uplink.wake)
                group.addTask { await uplink.run() }
            }
            return try await measure()
        }
    }

    private func measure() async throws -> Measured {
        for station in stations { try station.writer.append(1, index: 0) }
        try await settle("ship their first record") { $0.acknowledgedThrough >= 1 }
        let startCPU = (server: serverSeconds(), bench: Self.benchSeconds())
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { writers in
            for station in stations {
                var random = SeededRandom.stream(seed: settings.seed, UInt64(station.number))
                let schedule = FleetSchedule(
                    seconds: settings.seconds, rate: settings.rate, burst: settings.burst,
                    burstWindow: settings.burstWindow, random: &random)
                writers.addTask { try await station.writer.write(schedule, from: start) }
            }
            try await writers.waitForAll()
        }
        try await settle("acknowledge every record after the writers stopped") {
            $0.acknowledgedThrough >= $0.written
        }
        let wall = FleetClock.seconds(from: start, to: .now)
        let server = serverSeconds().flatMap { end in startCPU.server.map { end - $0 } }
        return Measured(
            records: stations.reduce(0) { $0 + Int($1.ledger.written) - 1 }, wallSeconds: wall,
            serverCPUSeconds: server, benchCPUSeconds: Self.benchSeconds() - startCPU.bench)
    }

    /// Waits until `done` holds for every station's ledger, looking every 20 ms (the resolution of
    /// the phase's end, not of the lags: those come from the uplinks' own acknowledgements).
    private func settle(_ what: String, _ done: (FleetLedger) -> Bool) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(settings.settleSeconds))
        while ContinuousClock.now < deadline {
            if stations.allSatisfy({ done($0.ledger) }) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        let behind = stations.filter { !done($0.ledger) }.count
        throw CentralError.refused(
            "\(behind) of \(stations.count) uplinks did not \(what) within \(Int(settings.settleSeconds)) s; "
                + "expected all (the server's max_connections must allow one connection per station and one more)")
    }

    private func serverSeconds() -> Result<Double, UplinkFleet.ServerCPUUnknown> {
        cpu.flatMap { cpu in
            cpu.seconds().map { .success($0) }
                ?? .failure(UplinkFleet.ServerCPUUnknown(reason: "the server's postmaster \(cpu.postmaster) is gone"))
        }
    }

    /// User and system CPU seconds of this process so far.
    static func benchSeconds() -> Double {
        var usage = rusage()
        _ = getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
