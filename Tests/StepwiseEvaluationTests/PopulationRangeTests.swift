import Foundation
import Testing
import StepwiseCore
@testable import StepwiseEvaluation

/// Bad population files, each refused with a message located at the bad key or value
/// (`file:line:column`), never run and never a trap.
@Suite struct PopulationRangeTests {
    /// A worker line that is wrong, the text the error points at, and what the error says.
    struct BadLine: CustomStringConvertible, Sendable {
        var line: String
        var at: String
        var message: String
        var description: String { line }
        init(_ line: String, at: String, _ message: String) {
            self.line = line
            self.at = at
            self.message = message
        }
    }

    static let workerLines: [BadLine] = [
        BadLine("learnig-rate: 0.5", at: "learnig-rate", "unknown key 'learnig-rate' in worker"),
        BadLine("learning-rate: .nan", at: ".nan", "learning-rate is .nan, not a finite number"),
        BadLine("time-noise: .NaN", at: ".NaN", "time-noise is .NaN, not a finite number"),
        BadLine("novice-slowness: 1e6", at: "1e6", "novice-slowness is 1000000, out of range"),
        BadLine("novice-slowness: 1.0e+6", at: "1.0e+6", "novice-slowness is 1000000, out of range"),
        BadLine("expert-penalty: 1000000.0", at: "1000000.0", "expert-penalty is 1000000, out of range"),
        BadLine("fatigue-per-hour: 1000000.0", at: "1000000.0", "fatigue-per-hour is 1000000, out of range"),
        BadLine("slip: -0.1", at: "-0.1", "slip is -0.1, out of range"),
        BadLine("initial-skill: 1.5", at: "1.5", "initial-skill is 1.5, out of range"),
        BadLine("forget-days: -.inf", at: "-.inf", "forget-days is -.inf, not a finite number"),
        BadLine("schedule: {hours-per-session: .inf}", at: ".inf", "hours-per-session is .inf, not a finite number"),
        BadLine("schedule: {hours-per-session: 1.0e+308}", at: "1.0e+308", "hours-per-session is 1e+308, out of range"),
        BadLine("schedule: {hours-per-session: 0}", at: "0}", "hours-per-session is 0, out of range"),
        BadLine(
            "schedule: {days-between-sessions: .inf}", at: ".inf", "days-between-sessions is .inf, not a finite number"),
        BadLine(
            "schedule: {days-between-sessions: 1.0e+308}", at: "1.0e+308",
            "days-between-sessions is 1e+308, out of range"),
        BadLine("schedule: {break-minutes: .inf}", at: ".inf", "break-minutes is .inf, not a finite number"),
        BadLine("schedule: {break-every-minutes: -5}", at: "-5", "break-every-minutes is -5, out of range"),
        BadLine(
            "schedule: {sessions: 1000000}", at: "1000000", "sessions is 1000000, out of range; expected 1 to 1000"),
        BadLine("schedule: {sessions: 0}", at: "0}", "sessions is 0, out of range"),
        BadLine("schedule: {sesions: 3}", at: "sesions", "unknown key 'sesions' in schedule"),
        BadLine(
            "schedule: {absences: [{after-session: 1, days: .inf}]}", at: ".inf", "days is .inf, not a finite number"),
        BadLine(
            "schedule: {absences: [{after-session: 1, days: 1.0e+308}]}", at: "1.0e+308", "days is 1e+308, out of range"
        ),
        BadLine("count: 0", at: "0", "count is 0, out of range"),
        BadLine("floor: loud", at: "loud", "unknown floor 'loud'"),
        BadLine("mastery: sudden", at: "sudden", "unknown mastery 'sudden'"),
        BadLine("step-skill: {pick: .nan}", at: ".nan", "step-skill of pick is .nan, not a finite number"),
        BadLine("step-skill: {pik: 0.2}", at: "pik", "step-skill names the unknown step 'pik'"),
    ]

    static func population(worker line: String) -> String {
        "task:\n  - {id: pick, target-seconds: 5}\nworkers:\n  - name: a\n    \(line)\n"
    }

    @Test(arguments: workerLines) func aBadWorkerValueIsRefusedWhereItIs(_ bad: BadLine) throws {
        let column = try #require(bad.line.range(of: bad.at)).lowerBound.utf16Offset(in: bad.line) + 5
        let message = try #require(
            PopulationFile.parse(Self.population(worker: bad.line), name: "bad.yaml").failureMessage)
        #expect(message.hasPrefix("bad.yaml:5:\(column): error: \(bad.message)"), "\(message)")
    }

    @Test func aMisspeltKeyGetsADidYouMean() throws {
        let message = try #require(PopulationFile.parse(Self.population(worker: "learnig-rate: 0.5")).failureMessage)
        #expect(message.contains("(did you mean 'learning-rate'?)"))
        let step = try #require(PopulationFile.parse(Self.population(worker: "step-skill: {pik: 0.2}")).failureMessage)
        #expect(step.contains("(did you mean 'pick'?)"))
    }

    static let taskLines: [BadLine] = [
        BadLine("{id: place, target-seconds: .inf}", at: ".inf", "target-seconds is .inf, not a finite number"),
        BadLine("{id: place, target-seconds: 1.0e+308}", at: "1.0e+308", "target-seconds is 1e+308, out of range"),
        BadLine("{id: place, target-seconds: -2}", at: "-2", "target-seconds is -2, out of range"),
        BadLine("{id: place, target-seconds: .nan}", at: ".nan", "target-seconds is .nan, not a finite number"),
        BadLine("{id: '', target-seconds: 2}", at: "''", "step id is empty"),
        BadLine("{id: pick, target-seconds: 2}", at: "pick", "duplicate step id 'pick' (first at line 2)"),
        BadLine("{id: place, target-seconds: 2, grop: x}", at: "grop", "unknown key 'grop' in task step"),
        BadLine("{id: place}", at: "{", "task step is missing the required key 'target-seconds'"),
    ]

    @Test(arguments: taskLines) func aBadStepIsRefusedWhereItIs(_ bad: BadLine) throws {
        let yaml = "task:\n  - {id: pick, target-seconds: 5}\n  - \(bad.line)\nworkers: [{name: a}]\n"
        let column = try #require(bad.line.range(of: bad.at)).lowerBound.utf16Offset(in: bad.line) + 5
        let message = try #require(PopulationFile.parse(yaml, name: "bad.yaml").failureMessage)
        #expect(message.hasPrefix("bad.yaml:3:\(column): error: \(bad.message)"), "\(message)")
    }

    @Test func topLevelMistakesAreLocated() throws {
        let cases: [(String, String)] = [
            ("pace-tolerance: .nan\n", "bad.yaml:1:17: error: pace-tolerance is .nan, not a finite number"),
            ("acceptable-extra-error: -1\n", "bad.yaml:1:25: error: acceptable-extra-error is -1, out of range"),
            ("worker: []\n", "bad.yaml:1:1: error: unknown key 'worker' in population"),
            ("name: \"a\\u001B[2Jb\"\n", "bad.yaml:1:7: error: name contains a control character"),
        ]
        for (line, expected) in cases {
            let yaml = line + "task: [{id: a, target-seconds: 5}]\nworkers: [{name: a}]\n"
            let message = try #require(PopulationFile.parse(yaml, name: "bad.yaml").failureMessage, "\(line)")
            #expect(message.hasPrefix(expected), "\(message)")
        }
    }

    @Test func aPopulationTooLargeToSimulateIsRefused() throws {
        let yaml = """
            task: [{id: a, target-seconds: 1}]
            workers:
              - {name: many, count: 1000, schedule: {sessions: 1000, hours-per-session: 24}}
            """
        let message = try #require(PopulationFile.parse(yaml, name: "big.yaml").failureMessage)
        #expect(message.hasPrefix("big.yaml:3:3: error: this population would simulate about"), "\(message)")
        #expect(message.contains("expected at most 1000000"))
    }

    @Test func anAbsenceAfterTheLastSessionIsRefused() throws {
        let yaml =
            "task: [{id: a, target-seconds: 5}]\nworkers:\n  - {name: a, schedule: {sessions: 2, absences: [{after-session: 3, days: 1}]}}\n"
        let message = try #require(PopulationFile.parse(yaml, name: "bad.yaml").failureMessage)
        #expect(message.hasPrefix("bad.yaml:3:5: error: worker a is away after session 3 of 2"), "\(message)")
    }

    @Test func aYAMLSyntaxErrorHasALine() throws {
        let message = try #require(
            PopulationFile.parse("task:\n  - {id: a, target-seconds: 5\nworkers: []\n", name: "bad.yaml").failureMessage
        )
        #expect(message.hasPrefix("bad.yaml:3:"), "\(message)")
        #expect(message.contains("YAML syntax error"))
    }

    @Test func aFileOnDiskIsNamedByItsPath() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("population-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("nan.yaml")
        try Self.population(worker: "learning-rate: .nan").write(to: file, atomically: true, encoding: .utf8)
        let message = try #require(PopulationFile.load(path: file.path).failureMessage)
        #expect(message.hasPrefix("\(file.path):5:20: error: learning-rate is .nan"), "\(message)")
    }
}
