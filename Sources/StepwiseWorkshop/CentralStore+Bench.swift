import PostgresNIO
import StepwiseLog

/// What the uplink benchmark asks the server besides shipping: which process serves it (to read
/// the server's CPU) and what a made-up station's rows are (to count lost and duplicated ones).
extension CentralStore {
    /// The process id of the backend serving this connection.
    func backendPID() async throws -> Int32 {
        let rows = try await connection.query("SELECT pg_backend_pid()", logger: logger)
        for try await pid in rows.decode(Int32.self) { return pid }
        throw CentralError.refused("pg_backend_pid() returned no row; expected one")
    }

    /// Every row of `station` on the server as (local row id, time in ns), duplicates included.
    func stationRows(_ station: String) async throws -> [(localID: Int64, atNanoseconds: Int64)] {
        let rows = try await connection.query(
            "SELECT local_id, at_ns FROM quality_record WHERE station_id = \(station)", logger: logger)
        var result: [(localID: Int64, atNanoseconds: Int64)] = []
        for try await (local, at) in rows.decode((Int64, Int64).self) { result.append((local, at)) }
        return result
    }
}

extension CentralStore {
    /// The dashboard benchmark's fill: `records` straight into `quality_record` by COPY (their month
    /// partitions made first), then the last one shipped as a station does, so the station's row
    /// exists with its sets. For a scratch server: the rows stay until `removeStation`.
    public func fillForBench(_ records: [OutboxRecord], station: String) async throws {
        guard let last = records.last else { return }
        do {
            try await ensurePartitions(for: records)
            try await copyOnly(Self.ceilingText(Array(records.dropLast()), station: station))
        } catch {
            throw CentralError.refused(Self.describe(error))
        }
        try await ship(
            CentralBatch([last], report: StationReport(station: station, pendingAfter: 0, lagSeconds: 0), method: .copy)
        )
    }

    /// Removes a made-up station's rows (the benchmarks' own) from the server.
    public func removeBenchStation(_ station: String) async throws {
        do { try await removeStation(station) } catch { throw CentralError.refused(Self.describe(error)) }
    }
}
