import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseLog

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Per-worker (pseudonym) and per-step summaries of the quality log for a period. Never a ranking.")

    @OptionGroup var qualityLog: QualityLogOption
    @Option(help: "First day (YYYY-MM-DD, UTC), inclusive.")
    var from: String?
    @Option(help: "Last day (YYYY-MM-DD, UTC), inclusive.")
    var to: String?
    @Flag(help: "JSON instead of text.")
    var json = false

    func run() throws {
        let db = try qualityLog.existing()
        let start = try from.map { try Day.parse($0) }
        let end = try to.map { try Day.parse($0).adding(seconds: 86_400) }
        let log = try QualityLog(path: db)
        let records = try log.records(from: start, to: end)
        let report = StepwiseLog.Report.build(records: records, from: start, to: end)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            CommandSupport.printStored(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            CommandSupport.printStored(report.formattedText())
        }
    }
}

/// A calendar day given on the command line.
enum Day {
    static func parse(_ text: String) throws -> Instant {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        guard let date = formatter.date(from: text) else {
            throw CommandSupport.fail("'\(text)' is not a day; expected YYYY-MM-DD")
        }
        return Instant(seconds: date.timeIntervalSince1970)
    }
}
