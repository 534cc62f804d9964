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
    @Option(
        help:
            "Also append the records and the skills learned to this quality log (SQLite), e.g. to try the dashboard; workers start from the skills it holds."
    )
    var db: String?

    /// Records go to the log in batches, so a long trace never waits whole in memory.
    static let batch = 5_000

    func run() throws {
        let definitions = try CommandSupport.load(cell: cell, instructions: set)
        let vocabulary = TraceVocabulary(cell: definitions.cell, instructionSets: definitions.instructionSets)
        let parsed: Trace
        do {
            parsed = try TraceFile.read(path: trace, vocabulary: vocabulary)
        } catch {
            throw CommandSupport.fail("\(error)")
        }
        let log = try db.map { path in try QualityLog(path: path) }
        let stored = try log?.storedProfiles() ?? [:]
        var pending: [QualityRecord] = []
        var failure: (any Error)?
        let skills = SimulatedRun.play(definitions: definitions, trace: parsed, stored: stored) { record in
            print(json ? RecordFormat.jsonLine(record) : RecordFormat.textLine(record))
            guard let log, failure == nil else { return }
            pending.append(record)
            guard pending.count >= Self.batch else { return }
            do { try log.append(pending) } catch { failure = error }
            pending.removeAll(keepingCapacity: true)
        }
        if let failure { throw CommandSupport.fail("quality log \(db ?? ""): \(failure)") }
        try log?.append(pending, skills: skills)
    }
}
