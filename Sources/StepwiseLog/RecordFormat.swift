import StepwiseCore

/// Quality records as text: JSON lines for tools (`stepwise simulate --json`) and plain lines
/// for people. Both are stable: the same record always gives the same bytes.
public enum RecordFormat {
    /// One JSON object on one line. Keys in a fixed order, absent fields left out, time as
    /// ISO-8601 UTC (milliseconds) plus the exact `at_ns`.
    public static func jsonLine(_ record: QualityRecord) -> String {
        let fields: [(String, JSONValue?)] = [
            ("time", .string(isoTime(record.at))), ("at_ns", .number(String(record.at.nanoseconds))),
            ("kind", .string(record.kind.rawValue)), ("cell", .string(record.cell.rawValue)),
            ("worker", record.worker.map { .string($0.rawValue) }),
            ("instruction_set", record.instructionSet.map { .string($0.rawValue) }),
            ("version", record.version.map { .string($0) }),
            ("content_hash", record.contentHash.map { .string($0) }),
            ("variant", record.variant.map { .string($0.rawValue) }),
            ("cycle", record.cycle.map { .number(String($0)) }),
            ("step", record.step.map { .string($0.rawValue) }),
            ("level", record.level.map { .string($0.name) }),
            ("previous_level", record.previousLevel.map { .string($0.name) }),
            ("duration_s", record.durationSeconds.map(JSONValue.double)),
            ("input", record.input.map { .string($0.rawValue) }),
            ("detail", record.detail.map { .string($0) }),
            ("fault_device", record.faultDevice.map { .string($0) }),
            ("fault_kind", record.faultKind.map { .string($0.rawValue) }),
            ("reason", record.reason.map { .string($0.rawValue) }),
            ("reason_count", record.reasonCount.map { .number(String($0)) }),
            ("reason_ratio", record.reasonRatio.map(JSONValue.double)),
        ]
        let all = fields + tighteningFields(record.tightening)
        let members = all.compactMap { key, value in value.map { "\(quoted(key)):\($0.text)" } }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// One line a person reads: time, cell, worker, kind, then whatever the record says.
    public static func textLine(_ record: QualityRecord) -> String {
        var parts = [isoTime(record.at), record.cell.rawValue, record.worker?.rawValue ?? "-", record.kind.rawValue]
        if let set = record.instructionSet {
            parts.append(record.version.map { "\(set)@\($0)" } ?? set.rawValue)
        }
        if let variant = record.variant { parts.append("variant \(variant)") }
        if let cycle = record.cycle { parts.append("cycle \(cycle)") }
        if let step = record.step { parts.append("step \(step)") }
        if let level = record.level {
            parts.append(record.previousLevel.map { "level \($0.name) → \(level.name)" } ?? "level \(level.name)")
        }
        if let duration = record.durationSeconds { parts.append(formatSeconds(duration)) }
        if let input = record.input { parts.append("input \(input)") }
        if let device = record.faultDevice {
            parts.append(record.faultKind.map { "device \(device) (\($0.rawValue))" } ?? "device \(device)")
        }
        if let t = record.tightening {
            parts.append("\(t.ok ? "OK" : "NOK") \(t.summary) program \(t.program) tightening \(t.controllerID)")
        }
        if let text = explanation(record) { parts.append("— \(oneLine(text))") }
        return parts.joined(separator: "  ")
    }

    /// `text` with every control character (a line end in an SQL error, an escape sequence in a
    /// hand-edited file) shown as a space: one record is one line, and nothing stored steers a terminal.
    static func oneLine(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    /// What a record says in words, in `language`: a level change's reason made from its code and
    /// numbers, else the stored detail as written (a fault's message, an older log's sentence).
    public static func explanation(_ record: QualityRecord, language: String = "en") -> String? {
        guard let reason = record.reason else { return record.detail }
        return reason.sentence(
            count: record.reasonCount, ratio: record.reasonRatio, version: record.version, language: language)
    }

    /// "2026-11-25T08:22:59.123Z", computed from the nanoseconds (no locale, no time zone).
    public static func isoTime(_ instant: Instant) -> String {
        let totalMillis = instant.nanoseconds / 1_000_000
        let secondsOfDay = Int(totalMillis / 1000 % 86_400)
        let date = CivilDate(daysSinceEpoch: Int(totalMillis / 1000 / 86_400))
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T"
            + "\(pad(secondsOfDay / 3600, 2)):\(pad(secondsOfDay / 60 % 60, 2)):\(pad(secondsOfDay % 60, 2))."
            + "\(pad(Int(totalMillis % 1000), 3))Z"
    }

    static func formatSeconds(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        return "\((seconds * 10).rounded() / 10)s"
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u00" + pad16(scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func pad16(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 2 - hex.count) + hex
    }

    fileprivate enum JSONValue {
        case string(String), number(String)
        static func double(_ value: Double) -> JSONValue { .number(value.isFinite ? "\(value)" : "null") }
        var text: String {
            switch self {
            case .string(let value): RecordFormat.quoted(value)
            case .number(let value): value
            }
        }
    }
}

/// A proleptic Gregorian date from days since 1970-01-01 (Howard Hinnant's civil_from_days).
struct CivilDate: Equatable {
    var year: Int, month: Int, day: Int

    init(daysSinceEpoch: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }
}

extension RecordFormat {
    /// A tightening's values under the log's column names; nothing for other records.
    fileprivate static func tighteningFields(_ tightening: Tightening?) -> [(String, JSONValue?)] {
        guard let t = tightening else { return [] }
        let number = { (value: Int) in JSONValue.number(String(value)) }
        return [
            ("tightening_ok", .number(t.ok ? "true" : "false")), ("torque_cnm", number(t.torqueHundredths)),
            ("torque_min_cnm", number(t.torqueMinHundredths)), ("torque_max_cnm", number(t.torqueMaxHundredths)),
            ("torque_status", .string(t.torqueStatus.rawValue)), ("angle_deg", number(t.angleDegrees)),
            ("angle_min_deg", number(t.angleMinDegrees)), ("angle_max_deg", number(t.angleMaxDegrees)),
            ("angle_status", .string(t.angleStatus.rawValue)), ("program", number(t.program)),
            ("tightening_id", number(t.controllerID)),
        ]
    }
}
