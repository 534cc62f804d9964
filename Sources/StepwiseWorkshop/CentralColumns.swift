import Foundation
import PostgresNIO
import StepwiseCore
import StepwiseLog

/// A station's record as the central `quality_record` row: the station and the local row id
/// first (the key), then the record's fields in the log's column order.
enum CentralColumns {
    /// Every column a station sends, in order; `at` is derived on the server from `at_ns`.
    static let sent = [
        "station_id", "local_id", "at_ns", "kind", "cell", "worker", "instruction_set", "version", "content_hash",
        "variant", "cycle", "step", "level", "previous_level", "duration_s", "input", "detail", "fault_device",
        "fault_kind", "reason", "reason_count", "reason_ratio",
    ]

    /// The record's time from its exact nanoseconds, in integer arithmetic, so a record sent twice,
    /// by INSERT or by COPY, always gets the same `at` (the partition key) and meets itself.
    static func at(_ nanoseconds: String) -> String {
        "'epoch'::timestamptz + (\(nanoseconds) / 1000) * interval '1 microsecond'"
    }

    /// One value of a column, typed for binding; nil is SQL NULL.
    enum Value {
        case text(String?), integer(Int64?), real(Double?)
    }

    /// The record's values after `station_id`, in `sent` order.
    static func values(_ item: OutboxRecord) -> [Value] {
        let record = item.record
        return [
            .integer(item.localID), .integer(Int64(clamping: record.at.nanoseconds)), .text(record.kind.rawValue),
            .text(record.cell.rawValue), .text(record.worker?.rawValue), .text(record.instructionSet?.rawValue),
            .text(record.version), .text(record.contentHash), .text(record.variant?.rawValue),
            .integer(record.cycle.map(Int64.init)), .text(record.step?.rawValue), .text(record.level?.name),
            .text(record.previousLevel?.name), .real(record.durationSeconds), .text(record.input?.rawValue),
            .text(record.detail),
        ] + typedValues(record)
    }

    /// Faults and level-change reasons as typed columns.
    static func typedValues(_ record: QualityRecord) -> [Value] {
        [
            .text(record.faultDevice), .text(record.faultKind?.rawValue), .text(record.reason?.rawValue),
            .integer(record.reasonCount.map(Int64.init)), .real(record.reasonRatio),
        ]
    }

    static func bind(_ value: Value, into bindings: inout PostgresBindings) {
        switch value {
        case .text(let text): bindings.append(text)
        case .integer(let number): bindings.append(number)
        case .real(let number): bindings.append(number)
        }
    }

    /// One multi-row INSERT of `batch` with bound parameters; a row already there is left as it is.
    static func insertQuery(_ batch: [OutboxRecord], station: String) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: 1 + batch.count * (sent.count - 1))
        bindings.append(station)
        var rows: [String] = []
        rows.reserveCapacity(batch.count)
        for item in batch {
            let first = bindings.count + 1
            for value in values(item) { bind(value, into: &bindings) }
            let others = (first + 2..<bindings.count + 1).map { "$\($0)" }.joined(separator: ",")
            rows.append("($1,$\(first),\(at("$\(first + 1)")),$\(first + 1),\(others))")
        }
        let sql = """
            INSERT INTO quality_record (station_id, local_id, at, \(sent.dropFirst(2).joined(separator: ",")))
            VALUES \(rows.joined(separator: ",")) ON CONFLICT DO NOTHING
            """
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// `batch` in COPY's text format.
    static func copyText(_ batch: [OutboxRecord], station: String) -> ByteBuffer {
        var text = ""
        for item in batch { text += copyLine(station: station, item) }
        return ByteBuffer(string: text)
    }

    /// One line of COPY's text format: tab between fields, `\N` for NULL, escapes for the rest.
    /// With `withTime`, the derived `at` follows the local id (for a COPY straight into `quality_record`).
    static func copyLine(station: String, _ item: OutboxRecord, withTime: Bool = false) -> String {
        var fields = [escaped(station)]
        if withTime { fields += [String(item.localID), timestamp(Int64(clamping: item.record.at.nanoseconds))] }
        for value in values(item).dropFirst(withTime ? 1 : 0) {
            switch value {
            case .text(let text): fields.append(text.map(escaped) ?? "\\N")
            case .integer(let number): fields.append(number.map { String($0) } ?? "\\N")
            case .real(let number): fields.append(number.map { $0.isFinite ? "\($0)" : "NaN" } ?? "\\N")
            }
        }
        return fields.joined(separator: "\t") + "\n"
    }

    /// `at` as COPY reads a timestamptz, truncated to whole microseconds as `at(_:)` does on the
    /// server (so both meet the same partition).
    static func timestamp(_ nanoseconds: Int64) -> String {
        let micros = nanoseconds / 1000
        var seconds = time_t(micros / 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let date =
            "\(padded(Int(parts.tm_year) + 1900, 4))-\(padded(Int(parts.tm_mon) + 1, 2))-\(padded(Int(parts.tm_mday), 2))"
        let time = "\(padded(Int(parts.tm_hour), 2)):\(padded(Int(parts.tm_min), 2)):\(padded(Int(parts.tm_sec), 2))"
        return "\(date) \(time).\(padded(Int(micros % 1_000_000), 6))+00"
    }

    private static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
