import Foundation
import Logging
import StepwiseCore
import StepwiseLog

/// Part (b) of `stepwise bench uplink`: many simulated stations against one server, in this one
/// process. Each station is a scratch quality log written through `QualityLog` as the daemon writes
/// it, and a real `Uplink` (the service's code: its wait on the log, its batches, its mark) with
/// its own connection under a made-up station name. Measured: each record's lag from its local
/// write to the acknowledgement of its central commit, the server's CPU when it runs on this
/// machine, and afterwards, from the server, every record lost or stored twice. The made-up
/// stations' rows are removed at the end.
public enum UplinkFleet {
    public struct Settings: Sendable, Equatable {
        public var stations = 50
        /// How long the writers write; the uplinks then catch up.
        public var seconds = 60.0
        public var seed: UInt64 = 1
        public var batch = 2000
        public var method: ShipMethod = .auto
        /// Records a second of one busy station, on average, outside its bursts.
        public var rate = 1.0
        /// Records of one burst (one transaction), one burst in each window of `burstWindow` s.
        public var burst = 50
        public var burstWindow = 60.0
        /// Longest wait for every uplink's first acknowledgement, and for the last records.
        public var settleSeconds = 60.0

        public init() {}
    }

    public struct Outcome: Sendable, Equatable {
        public var stations: Int
        /// Records written during the timed phase (the warm-up's are shipped and checked only).
        public var records: Int
        /// From the writers' start to the last record's acknowledgement.
        public var wallSeconds: Double
        /// Each timed record's seconds from its local write to its acknowledgement.
        public var lags: [Double]
        public var lost: Int
        public var duplicated: Int
        /// CPU seconds of the server's processes during the timed phase, or why they are unknown.
        public var serverCPUSeconds: Result<Double, ServerCPUUnknown>
        /// CPU seconds of this process (writers and uplinks) during the timed phase.
        public var benchCPUSeconds: Double
    }

    /// Why the server's CPU was not measured.
    public struct ServerCPUUnknown: Error, Sendable, Equatable {
        public var reason: String
    }

    /// Runs the fleet against `address` with scratch logs under `folder`; throws `CentralError` when
    /// the server refuses or an uplink cannot keep up within `settleSeconds`.
    public static func run(
        address: CentralAddress, settings: Settings, folder: URL, logger: Logger
    ) async throws -> Outcome {
        let tag = "bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let stations = try (1...settings.stations).map { number in
            try FleetStation(name: "\(tag)-" + String(format: "%03d", number), folder: folder, number: number)
        }
        let store = try await CentralStore.connect(address, logger: logger)
        do {
            let cpu = ServerCPU.locate(backend: try await store.backendPID(), address: address)
                .mapError { ServerCPUUnknown(reason: $0.reason) }
            let phase = try await FleetPhase(
                stations: stations, settings: settings, address: address, cpu: cpu, logger: logger
            ).run()
            let check = try await FleetCheck.count(stations, on: store)
            try await removeAll(stations, from: store)
            await store.close()
            return Outcome(
                stations: stations.count, records: phase.records, wallSeconds: phase.wallSeconds,
                lags: stations.flatMap(\.ledger.lags), lost: check.lost, duplicated: check.duplicated,
                serverCPUSeconds: phase.serverCPUSeconds, benchCPUSeconds: phase.benchCPUSeconds)
        } catch {
            try? await removeAll(stations, from: store)
            await store.close()
            throw error
        }
    }

    private static func removeAll(_ stations: [FleetStation], from store: CentralStore) async throws {
        for station in stations { try await store.removeStation(station.name) }
    }
}

/// One simulated station: its scratch log, its writer and its ledger.
struct FleetStation: Sendable {
    let name: String
    let number: Int
    let logPath: String
    let ledger = FleetLedger(firstTimed: 2)
    let writer: FleetWriter

    init(name: String, folder: URL, number: Int) throws {
        self.name = name
        self.number = number
        // A folder each: the uplink wakes on changes in its log's folder, and only its own.
        let own = folder.appendingPathComponent("station-\(number)")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        logPath = own.appendingPathComponent("quality.sqlite").path
        writer = FleetWriter(
            log: try QualityLog(path: logPath), ledger: ledger, cell: CellID(String(format: "bench-cell-%03d", number)))
    }

    /// A real uplink for this station, reporting each move of its mark to the ledger.
    func uplink(_ settings: UplinkFleet.Settings, address: CentralAddress, logger: Logger) throws -> Uplink {
        var shipping = UplinkSettings(station: name)
        shipping.batchSize = settings.batch
        shipping.method = settings.method
        let uplink = try Uplink(
            outbox: UplinkOutbox(path: logPath), address: address, settings: shipping, logger: logger)
        let ledger = ledger
        uplink.markMoved = { ledger.acknowledged(through: $0, at: .now) }
        return uplink
    }
}
