import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseLog
import StepwiseRuntime

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a recorded sensor trace through the station core, without hardware; print the quality records.")

    @Argument(help: "The instruction set file (or folder).")
    var set: String
    @Option(help: "The cell file.")
    var cell: String = "Devices/demo-cell.yaml"
    @Option(help: "The trace (one event a line: seconds, input, edge; see docs/formats.md).")
    var trace: String
    @Flag(help: "JSON lines instead of text.")
    var json = false
    @Option(help: "Also append the records to this quality log (SQLite), e.g. to try the dashboard.")
    var db: String?

    func run() throws {
        let definitions = try CommandSupport.load(cell: cell, instructions: set)
        let parsed: Trace
        do {
            parsed = try Trace(parsing: String(contentsOfFile: trace, encoding: .utf8), file: trace)
        } catch {
            throw CommandSupport.fail("\(error)")
        }
        let records = SimulatedRun.records(definitions: definitions, trace: parsed)
        for record in records { print(json ? RecordFormat.jsonLine(record) : RecordFormat.textLine(record)) }
        if let db { try QualityLog(path: db).append(records) }
    }
}
