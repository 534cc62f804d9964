import Foundation
import Testing

/// The log module owns every table and statement: the dashboard talks to a `WorkshopStore`, so
/// a central store can replace the station's file without a page changing.
@Suite struct StoreBoundaryTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/StepwiseDashboard")

    @Test func theDashboardHoldsNoSQLAndNoDatabaseType() throws {
        let pattern = try Regex(#"\b(SELECT|INSERT|UPDATE|DELETE|CREATE TABLE)\b|\bDatabase[A-Za-z]*\b|import GRDB"#)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path).filter {
            $0.hasSuffix(".swift")
        }
        #expect(files.count > 10, "the dashboard's sources were found")
        var offences: [String] = []
        for file in files {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(pattern) {
                offences.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offences.isEmpty, "\(offences.joined(separator: "\n"))")
    }
}
