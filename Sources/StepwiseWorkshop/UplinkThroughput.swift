import Foundation
import Logging
import StepwiseCore
import StepwiseLog

/// `stepwise bench uplink`: how fast one station's log reaches the server through the uplink's own
/// path (row-id batches read from SQLite, one transaction each, the mark after the commit), against
/// the ceiling on the same server: one plain COPY of the same rows. It works on a scratch log and a
/// made-up station name, and removes that station's rows from the server afterwards.
public enum UplinkThroughput {
    public struct Result: Codable, Sendable, Equatable {
        public var records: Int
        public var batch: Int
        public var method: String
        public var uplinkSeconds: Double
        public var copySeconds: Double

        public var uplinkRecordsPerSecond: Double { Double(records) / max(uplinkSeconds, 1e-9) }
        public var copyRecordsPerSecond: Double { Double(records) / max(copySeconds, 1e-9) }
        /// The uplink's rate as a share of the ceiling's.
        public var ofCeiling: Double { copySeconds / max(uplinkSeconds, 1e-9) }

        enum CodingKeys: String, CodingKey {
            case records, batch, method
            case uplinkSeconds = "uplink_s"
            case copySeconds = "copy_s"
        }

        public var table: String {
            """
            records \(records), batch \(batch), method \(method)
            uplink (batches, one transaction each, mark after commit): \(Self.rate(uplinkRecordsPerSecond)) records/s
            plain COPY of the same rows (the ceiling here):             \(Self.rate(copyRecordsPerSecond)) records/s
            uplink ÷ ceiling: \(String(format: "%.2f", ofCeiling))
            """
        }

        static func rate(_ value: Double) -> String { String(format: "%9.0f", value) }
    }

    /// Ships `records` synthetic step records from a scratch log in `folder` to the server at
    /// `address`, then copies the same rows once; throws `CentralError` when the server refuses.
    public static func run(
        address: CentralAddress, records: Int, batch: Int, method: ShipMethod, folder: URL, logger: Logger
    ) async throws -> Result {
        let path = folder.appendingPathComponent("bench-uplink.sqlite").path
        try fill(QualityLog(path: path), count: records)
        let station = "bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var settings = UplinkSettings(station: station)
        settings.batchSize = batch
        settings.method = method
        let uplink = try Uplink(outbox: UplinkOutbox(path: path), address: address, settings: settings, logger: logger)
        let store = try await CentralStore.connect(address, logger: logger)
        do {
            let clock = ContinuousClock()
            var sent = 0
            let shipping = try await clock.measure { sent = try await uplink.shipPending(store) }
            guard sent == records else {
                throw CentralError.refused("shipped \(sent) of \(records) records; expected all of them")
            }
            let rows = try uplink.outbox.pending(limit: records, after: 0)
            try await store.removeStation(station)
            let text = CentralStore.ceilingText(rows, station: station)
            let copying = try await clock.measure { try await store.copyOnly(text) }
            try await store.removeStation(station)
            await store.close()
            return Result(
                records: records, batch: batch, method: method.rawValue, uplinkSeconds: shipping.seconds,
                copySeconds: copying.seconds)
        } catch {
            try? await store.removeStation(station)
            await store.close()
            throw error
        }
    }

    /// Step records as a working station writes them: one worker, one set, a record every 2 s.
    static func fill(_ log: QualityLog, count: Int) throws {
        let start = Instant(nanoseconds: UInt64(Date().timeIntervalSince1970 * 1e9)).subtracting(
            seconds: 2 * Double(count))
        var written = 0
        while written < count {
            let chunk = (written..<min(count, written + 1000)).map { index in
                stepRecord(index, at: start.adding(seconds: 2 * Double(index)), cell: "bench-cell")
            }
            try log.append(chunk)
            written += chunk.count
        }
    }

    /// The `index`-th record of a worker stepping through a set: started and done in turn.
    static func stepRecord(_ index: Int, at: Instant, cell: CellID) -> QualityRecord {
        QualityRecord(
            at: at, kind: index % 2 == 0 ? .stepStarted : .stepDone, cell: cell, worker: "w-bench",
            instructionSet: "led-streetlight", version: "3.2", contentHash: "bench", variant: "40w",
            cycle: index / 26, step: "pick-housing", level: .full, durationSeconds: index % 2 == 0 ? nil : 4.2)
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
