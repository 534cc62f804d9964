import Foundation

extension UplinkBenchResult {
    /// The three parts for a person; (c) says on its first line that it is a projection.
    public var table: String {
        [single, fleet, projected].joined(separator: "\n\n")
    }

    private var single: String {
        """
        (a) one station's log: \(records) records, batch \(batch), method \(method)
        uplink (batches, one transaction each, mark after commit): \(Self.number(shipRecordsPerSecond, 9)) records/s
        plain COPY of the same rows (the ceiling here):             \(Self.number(copyRecordsPerSecond, 9)) records/s
        uplink ÷ ceiling: \(String(format: "%.2f", shipRecordsPerSecond / max(copyRecordsPerSecond, 1e-9)))
        """
    }

    private var fleet: String {
        let cpu =
            serverCores.map { cores in
                let perRecord = (serverCPUSeconds ?? 0) / Double(max(fleetRecords, 1)) * 1000
                return "server CPU: \(Self.number(cores, 0, decimals: 2)) cores "
                    + "(\(Self.number(perRecord, 0, decimals: 2)) ms per record)"
            } ?? "server CPU: unknown (\(serverCPUNote ?? "not measured"))"
        return """
            (b) \(stations) stations for \(Self.number(fleetSeconds, 0)) s, each about \(Self.number(stationRate, 0, decimals: 1)) \
            records/s with a burst of \(burst) a minute (seed \(seed)), one server
            records \(fleetRecords) in \(Self.number(fleetWallSeconds, 0, decimals: 1)) s \
            (\(Self.number(fleetRecordsPerSecond, 0, decimals: 1)) records/s)
            lag, local write to acknowledged commit: p50 \(Self.seconds(lagP50Seconds)), \
            p99 \(Self.seconds(lagP99Seconds)), max \(Self.seconds(lagMaxSeconds))
            lost \(lost), duplicated \(duplicated)
            \(cpu); this process (writers and uplinks): \(Self.number(benchCores, 0, decimals: 2)) cores
            target (lag p99 < 5 s, none lost, none twice): \(targetMet ? "met" : "NOT met")
            """
    }

    private var projected: String {
        let cores =
            projection.serverCores.map {
                "server CPU at that rate: \(Self.number($0, 0, decimals: 2)) cores (from (b)'s CPU per record)"
            } ?? "server CPU at that rate: unknown ((b) could not read the server's CPU)"
        return """
            (c) projected, not measured: \(projection.stations) stations, \(projection.recordsPerDay) records a day \
            (\(Self.number(projection.recordsPerSecond, 0, decimals: 1)) records/s on average)
            \(cores)
            headroom: plain COPY ceiling \(Self.number(projection.ceilingHeadroom, 0))×, \
            one uplink connection \(Self.number(projection.shipHeadroom, 0))× that rate
            """
    }

    static func number(_ value: Double, _ width: Int, decimals: Int = 0) -> String {
        String(format: "%\(width).\(decimals)f", value)
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }
}
