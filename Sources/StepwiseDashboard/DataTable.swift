import Foundation
import StepwiseCore
import StepwiseLog

/// One table of a page: what the page shows as HTML and what its CSV and JSON exports contain,
/// from the same rows, so an export never says more (or less) than the page.
public struct DataTable: Sendable, Equatable {
    /// The `table=` name in export links.
    public var id: String
    public var title: String
    public var columns: [String]
    public var rows: [[String]]
    /// Per row, a link for the first cell (a worker's or a unit's page); nil for none.
    public var links: [String?]

    public init(id: String, title: String, columns: [String], rows: [[String]], links: [String?] = []) {
        self.id = id
        self.title = title
        self.columns = columns
        self.rows = rows
        self.links = links.isEmpty ? Array(repeating: nil, count: rows.count) : links
    }

    /// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break. A cell
    /// starting with = + - @ is prefixed with ' so a spreadsheet does not run it as a formula.
    public func csv() -> String {
        ([columns] + rows).map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// An array of objects keyed by column name, every value a string (as shown on the page).
    public func json() -> String {
        let objects = rows.map { row in Dictionary(uniqueKeysWithValues: zip(columns, row)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(objects)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func csvField(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { ",\"\r\n".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Number formats shared by pages and exports.
enum Format {
    static func seconds(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.1f s", value)
    }

    /// "2026-01-05 07:02:14", UTC: ISO 8601 for reading at arm's length (no "T", no milliseconds).
    static func time(_ instant: Instant) -> String {
        let iso = RecordFormat.isoTime(instant)
        return iso.prefix(10) + " " + iso.dropFirst(11).prefix(8)
    }

    /// "07:02:14", UTC: a time within a day the page already names.
    static func clock(_ instant: Instant) -> String { String(time(instant).suffix(8)) }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
