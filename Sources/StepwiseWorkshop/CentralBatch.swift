import PostgresNIO
import StepwiseLog

/// A batch made ready to send before its turn: the rows, what the station reports with them, and
/// the encoded statement or COPY text. Making it is the uplink's own work (reading the log,
/// encoding), so the uplink makes the next batch while the server stores the current one.
public struct CentralBatch: Sendable {
    public let records: [OutboxRecord]
    public let report: StationReport
    let body: Body

    enum Body: Sendable {
        case insert(PostgresQuery)
        case copy(ByteBuffer)
    }

    public init(_ records: [OutboxRecord], report: StationReport, method: ShipMethod) {
        self.records = records
        self.report = report
        switch method.resolved(for: records.count) {
        case .copy: body = .copy(CentralColumns.copyText(records, station: report.station))
        default: body = .insert(CentralColumns.insertQuery(records, station: report.station))
        }
    }
}
