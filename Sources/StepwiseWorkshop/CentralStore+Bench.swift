import PostgresNIO

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
