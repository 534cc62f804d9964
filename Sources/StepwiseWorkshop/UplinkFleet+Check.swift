import StepwiseLog

/// After the fleet: every station's log against the server's rows, keyed as both ends key a
/// record (the station's row id and the record's time).
enum FleetCheck {
    struct Count: Sendable, Equatable {
        /// Local records the server does not have.
        var lost = 0
        /// Rows on the server beyond one per local record (a record stored twice, or a row the
        /// station never wrote).
        var duplicated = 0
    }

    static func count(_ stations: [FleetStation], on store: CentralStore) async throws -> Count {
        var total = Count()
        for station in stations {
            let written = Int(station.ledger.written)
            let local = try UplinkOutbox(path: station.logPath, shipping: false).pending(limit: written + 1, after: 0)
            let central = try await store.stationRows(station.name)
            let part = compare(
                local: local.map { Key(localID: $0.localID, atNanoseconds: Int64(clamping: $0.record.at.nanoseconds)) },
                central: central.map { Key(localID: $0.localID, atNanoseconds: $0.atNanoseconds) })
            total.lost += part.lost
            total.duplicated += part.duplicated
        }
        return total
    }

    struct Key: Hashable, Sendable {
        var localID: Int64
        var atNanoseconds: Int64
    }

    static func compare(local: [Key], central: [Key]) -> Count {
        let onServer = Set(central)
        let found = Set(local).intersection(onServer).count
        return Count(lost: local.count - found, duplicated: central.count - found)
    }
}
