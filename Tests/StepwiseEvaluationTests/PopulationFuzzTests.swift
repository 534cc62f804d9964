import Foundation
import Testing
import StepwiseCore
import StepwiseTestSupport
@testable import StepwiseEvaluation

/// Mutated population files (seeded from the shipped ones and the values that once crashed
/// `stepwise evaluate`): every input loads or is refused with located errors, and a population
/// that loads is simulated within the bound the loader checks.
@Suite struct PopulationFuzzTests {
    static let crashValues = [".inf", "1e308", "1.0e+308", ".nan", "-1", "1e6", "1000000", "18500000000", "-.inf"]
    static let crashKeys = [
        "schedule: {hours-per-session: X}", "schedule: {days-between-sessions: X}", "schedule: {break-minutes: X}",
        "schedule: {absences: [{after-session: 1, days: X}]}", "novice-slowness: X", "expert-penalty: X",
        "fatigue-per-hour: X", "learning-rate: X", "schedule: {sessions: X}", "count: X",
    ]

    static func seeds() throws -> [[UInt8]] {
        var texts: [String] = []
        for folder in ["Populations", "Tests/Fixtures/evaluation"] {
            let path = Fixture.path(folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: path).sorted() where file.hasSuffix(".yaml")
            {
                texts.append(try String(contentsOfFile: "\(path)/\(file)", encoding: .utf8))
            }
        }
        texts += [
            "task: [{id: a, target-seconds: 60}]\nworkers: [{name: a, schedule: {sessions: 2, hours-per-session: 0.1}}]\n",
            """
            task: [{id: a, target-seconds: 20}, {id: b, target-seconds: 10, group: g}, {id: c, target-seconds: 10, group: g}]
            defaults: {mastery: gradual, schedule: {sessions: 3, hours-per-session: 0.2, break-every-minutes: 5}}
            workers: [{name: a, count: 2, floor: hint, step-skill: {b: 0.9}, schedule: {absences: [{after-session: 1, days: 40}]}}]
            """,
        ]
        for key in crashKeys {
            for value in crashValues {
                texts.append(
                    "task:\n  - {id: pick, target-seconds: 5}\nworkers:\n  - name: a\n    \(key.replacingOccurrences(of: "X", with: value))\n"
                )
            }
            texts.append(
                "task: [{id: a, target-seconds: X}]\nworkers: [{name: a}]\n".replacingOccurrences(
                    of: "X", with: key.hasPrefix("count") ? ".inf" : "1e308"))
        }
        return texts.map { Array($0.utf8) }
    }

    @Test func theIssuesCrashValuesAreRefusedNotTrapped() throws {
        for key in Self.crashKeys {
            for value in Self.crashValues {
                let line = key.replacingOccurrences(of: "X", with: value)
                let yaml = "task:\n  - {id: pick, target-seconds: 5}\nworkers:\n  - name: a\n    \(line)\n"
                let message = PopulationFile.parse(yaml, name: "crash.yaml").failureMessage
                // The key the value belongs to: the last word before ": X".
                let name = String(
                    key.components(separatedBy: ": X")[0].split(whereSeparator: { "{ ".contains($0) }).last ?? "")
                #expect(message?.hasPrefix("crash.yaml:5:") == true, "\(line): \(message ?? "loaded")")
                #expect(message?.contains(name) == true, "\(name) in \(message ?? "loaded")")
            }
        }
    }

    @Test func mutatedPopulationFilesLoadOrFailLocated() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "population-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("fuzzed.yaml").path
        var loaded = 0, simulated = 0
        let ran = try fuzz(seeds: Self.seeds(), iterations: 4000, seed: 13, budget: .seconds(12)) { bytes in
            FileManager.default.createFile(atPath: file, contents: Data(bytes))
            switch PopulationFile.load(path: file) {
            case .failure(let error):
                #expect(!error.diagnostics.isEmpty)
                for diagnostic in error.diagnostics {
                    #expect(diagnostic.file == file && diagnostic.line >= 1 && diagnostic.column >= 1, "\(diagnostic)")
                }
            case .success(let population):
                loaded += 1
                let estimate = population.estimatedStepRuns
                #expect(estimate <= PopulationLimits.stepRuns)
                // Only small ones are simulated, to keep the fuzz quick; the bound holds for all.
                guard estimate <= 6_000 else { return }
                simulated += 1
                let traces = Evaluation.run(population, policy: .stepwise, seed: 1)
                let runs = traces.map(\.runs.count).reduce(0, +)
                let sessions = population.workers.map(\.schedule.sessions).reduce(0, +)
                #expect(runs <= 2 * estimate + sessions * population.task.steps.count, "\(runs) runs for \(estimate)")
            }
        }
        #expect(ran > 200 && loaded > 0 && simulated > 0, "ran \(ran), loaded \(loaded), simulated \(simulated)")
    }
}
