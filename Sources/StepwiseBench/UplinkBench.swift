import Foundation
import Logging
import StepwiseWorkshop

/// `stepwise bench uplink`, all three parts in one run: (a) one station's log shipped through the
/// uplink against a plain COPY of the same rows (`UplinkThroughput`), (b) a fleet of simulated busy
/// stations against the same server (`UplinkFleet`), (c) what (b)'s measured cost per record means
/// for a workshop of 1,000 stations: a projection, never a measurement.
public enum UplinkBench {
    public static func run(
        address: CentralAddress, records: Int, fleet: UplinkFleet.Settings, folder: URL, logger: Logger
    ) async throws -> UplinkBenchResult {
        let single = try await UplinkThroughput.run(
            address: address, records: records, batch: fleet.batch, method: fleet.method, folder: folder,
            logger: logger)
        let many = try await UplinkFleet.run(address: address, settings: fleet, folder: folder, logger: logger)
        return UplinkBenchResult(single, many, fleet)
    }
}

/// The three parts' figures, flat: one JSON object with sorted keys, or the table.
public struct UplinkBenchResult: Codable, Sendable, Equatable {
    // (a)
    public var records: Int
    public var batch: Int
    public var method: String
    public var uplinkSeconds: Double
    public var copySeconds: Double
    public var shipRecordsPerSecond: Double
    public var copyRecordsPerSecond: Double
    // (b)
    public var stations: Int
    public var fleetSeconds: Double
    public var seed: UInt64
    /// A simulated station's records a second outside bursts, and the records of one burst.
    public var stationRate: Double
    public var burst: Int
    public var fleetRecords: Int
    public var fleetWallSeconds: Double
    public var lagP50Seconds: Double
    public var lagP99Seconds: Double
    public var lagMaxSeconds: Double
    public var lost: Int
    public var duplicated: Int
    /// Nil when the server is not on this machine (then `serverCPUNote` says why).
    public var serverCPUSeconds: Double?
    public var serverCPUNote: String?
    public var benchCPUSeconds: Double
    // (c)
    public var projection: UplinkProjection

    enum CodingKeys: String, CodingKey {
        case records, batch, method, stations, seed, burst, lost, duplicated, projection
        case stationRate = "station_records_per_s"
        case uplinkSeconds = "uplink_s", copySeconds = "copy_s"
        case shipRecordsPerSecond = "ship_records_per_s", copyRecordsPerSecond = "copy_records_per_s"
        case fleetSeconds = "fleet_seconds", fleetRecords = "fleet_records", fleetWallSeconds = "fleet_wall_s"
        case lagP50Seconds = "lag_p50_s", lagP99Seconds = "lag_p99_s", lagMaxSeconds = "lag_max_s"
        case serverCPUSeconds = "server_cpu_s", serverCPUNote = "server_cpu_note", benchCPUSeconds = "bench_cpu_s"
    }

    init(_ single: UplinkThroughput.Result, _ fleet: UplinkFleet.Outcome, _ settings: UplinkFleet.Settings) {
        records = single.records
        batch = single.batch
        method = single.method
        uplinkSeconds = single.uplinkSeconds
        copySeconds = single.copySeconds
        shipRecordsPerSecond = single.uplinkRecordsPerSecond
        copyRecordsPerSecond = single.copyRecordsPerSecond
        stations = fleet.stations
        fleetSeconds = settings.seconds
        seed = settings.seed
        stationRate = settings.rate
        burst = settings.burst
        fleetRecords = fleet.records
        fleetWallSeconds = fleet.wallSeconds
        var lags = Samples(capacity: fleet.lags.count)
        for lag in fleet.lags { lags.add(lag * 1000) }
        lagP50Seconds = lags.percentile(0.5) / 1000
        lagP99Seconds = lags.percentile(0.99) / 1000
        lagMaxSeconds = lags.percentile(1) / 1000
        lost = fleet.lost
        duplicated = fleet.duplicated
        switch fleet.serverCPUSeconds {
        case .success(let seconds): serverCPUSeconds = seconds
        case .failure(let unknown): serverCPUNote = unknown.reason
        }
        benchCPUSeconds = fleet.benchCPUSeconds
        projection = UplinkProjection(
            serverCPUSecondsPerRecord: serverCPUSeconds.map { $0 / Double(max(fleet.records, 1)) },
            shipRecordsPerSecond: shipRecordsPerSecond, copyRecordsPerSecond: copyRecordsPerSecond)
    }

    /// Records a second the fleet wrote (and shipped) during (b).
    public var fleetRecordsPerSecond: Double { Double(fleetRecords) / max(fleetWallSeconds, 1e-9) }
    /// The server's CPU during (b) as cores busy: CPU seconds over wall seconds.
    public var serverCores: Double? { serverCPUSeconds.map { $0 / max(fleetWallSeconds, 1e-9) } }
    public var benchCores: Double { benchCPUSeconds / max(fleetWallSeconds, 1e-9) }
    /// The requirement for (b): lag p99 under 5 s with nothing lost and nothing stored twice.
    public var targetMet: Bool { lagP99Seconds < 5 && lost == 0 && duplicated == 0 }
}

/// Part (c): a workshop of 1,000 stations logging about 22 M records a day, costed with (b)'s
/// measured server CPU per record and compared with (a)'s measured rates. Projected, not measured:
/// it assumes the cost per record stays what it was for (b)'s fleet on this machine.
public struct UplinkProjection: Codable, Sendable, Equatable {
    public var stations = 1000
    public var recordsPerDay = 22_000_000
    public var recordsPerSecond: Double
    /// Cores the server would keep busy at that rate; nil when (b) could not read its CPU.
    public var serverCores: Double?
    /// (a)'s plain COPY ceiling over that rate.
    public var ceilingHeadroom: Double
    /// (a)'s one-connection uplink rate over that rate.
    public var shipHeadroom: Double

    enum CodingKeys: String, CodingKey {
        case stations, recordsPerDay = "records_per_day", recordsPerSecond = "records_per_s"
        case serverCores = "server_cores", ceilingHeadroom = "ceiling_headroom", shipHeadroom = "ship_headroom"
    }

    init(serverCPUSecondsPerRecord: Double?, shipRecordsPerSecond: Double, copyRecordsPerSecond: Double) {
        let rate = Double(recordsPerDay) / 86_400
        recordsPerSecond = rate
        serverCores = serverCPUSecondsPerRecord.map { $0 * rate }
        ceilingHeadroom = copyRecordsPerSecond / rate
        shipHeadroom = shipRecordsPerSecond / rate
    }
}
