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
    static func copyLine(station: String, _ item: OutboxRecord) -> String {
        var fields = [escaped(station)]
        for value in values(item) {
            switch value {
            case .text(let text): fields.append(text.map(escaped) ?? "\\N")
            case .integer(let number): fields.append(number.map { String($0) } ?? "\\N")
            case .real(let number): fields.append(number.map { $0.isFinite ? "\($0)" : "NaN" } ?? "\\N")
            }
        }
        return fields.joined(separator: "\t") + "\n"
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
