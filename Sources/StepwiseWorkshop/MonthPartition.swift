import StepwiseCore

/// Calendar months in UTC, as `quality_record`'s partitions divide time.
enum MonthPartition {
    /// Months since January 1970 of `instant` (UTC).
    static func month(of instant: Instant) -> Int {
        let days = Int(instant.nanoseconds / 86_400_000_000_000)
        let (year, month) = civil(daysSinceEpoch: days)
        return (year - 1970) * 12 + (month - 1)
    }

    /// "2026-12-01" for the month `month(of:)` numbered.
    static func firstDay(ofMonth month: Int) -> String {
        let year = 1970 + month / 12
        let number = month % 12 + 1
        return "\(year)-\(number < 10 ? "0" : "")\(number)-01"
    }

    /// Year and month of a day counted from 1970-01-01 (Howard Hinnant's civil_from_days).
    static func civil(daysSinceEpoch: Int) -> (year: Int, month: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month)
    }
}
