import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseEvaluation
import StepwiseFormats
import StepwiseLog

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare guidance policies closed-loop against a population of simulated learners.",
        discussion: "The population format and the metrics are described in docs/evaluation.md.")

    @Option(help: "The population file (YAML).")
    var population: String
    @Option(help: "Comma-separated policies: always-full, motioneap, tempo-threshold, stepwise.")
    var policies: String = PolicyKind.allCases.map(\.rawValue).joined(separator: ",")
    @Option(help: "Seed of the simulation; the same seed gives the same numbers.")
    var seed: UInt64 = 1
    @Option(help: "Simulate the population this many times (seeds seed, seed+1, …) and report over all of it.")
    var runs: Int = 1
    @Option(
        help:
            "Run the stepwise policy with the guidance policy of this instruction set file (default: the built-in defaults)."
    )
    var policyFrom: String?
    @Flag(help: "Print one JSON object instead of a table.")
    var json = false
    @Option(
        help:
            "Also write the quality log the stepwise policy's stations would keep (SQLite; a new file), e.g. to try `stepwise fit`."
    )
    var writeLog: String?

    func run() throws {
        let loaded: Population
        switch PopulationFile.load(path: population) {
        case .success(let p): loaded = p
        case .failure(let error): throw CommandSupport.fail(error.message)
        }
        let kinds = try parsedPolicies()
        guard (1...100).contains(runs) else { throw CommandSupport.fail("--runs \(runs): expected 1…100") }
        let total = loaded.estimatedStepRuns * runs
        guard total <= Self.maxStepRuns else {
            throw CommandSupport.fail(
                "--runs \(runs) would simulate about \(total) step runs per policy; expected at most \(Self.maxStepRuns) (fewer runs)"
            )
        }
        let report = EvaluationReport.evaluate(
            loaded, policies: kinds, seed: seed, runs: runs, guidance: try guidance())
        print(json ? report.json() : table(report, population: loaded))
        if let writeLog { try write(loaded, to: writeLog) }
    }

    /// The records of the first seed only: one workshop's log, as a station would keep it.
    private func write(_ population: Population, to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CommandSupport.fail("\(path) exists; --write-log makes a new quality log")
        }
        do {
            try QualityLog(path: path).append(SimulatedLog.records(population, seed: seed, guidance: try guidance()))
        } catch {
            throw CommandSupport.fail("\(path): \(error)")
        }
    }

    private func guidance() throws -> GuidancePolicy {
        guard let policyFrom else { return GuidancePolicy() }
        switch InstructionSetFile.load(path: policyFrom) {
        case .success(let set): return set.policy
        case .failure(let errors): throw CommandSupport.fail("\(policyFrom): not a valid instruction set:\n\(errors)")
        }
    }

    private func parsedPolicies() throws -> [PolicyKind] {
        let names = policies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var kinds: [PolicyKind] = []
        for name in names where !name.isEmpty {
            guard let kind = PolicyKind(rawValue: name) else {
                let known = PolicyKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw CommandSupport.fail("unknown policy '\(name)'; expected one of \(known)")
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        guard !kinds.isEmpty else { throw CommandSupport.fail("no policy given; expected e.g. --policies stepwise") }
        return kinds
    }

    private func table(_ report: EvaluationReport, population: Population) -> String {
        let header =
            "| policy | errors/100 cycles | over-guided | under-guided | cycles to pace | at pace ≤ 8 sessions | level changes/100 cycles |"
        var lines = [
            "population \(population.name): \(population.workers.count) workers, \(seeds)", "", header,
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name in report.order {
            guard let m = report.policies[name] else { continue }
            let pace = m.cyclesToTargetPace.map { String(Int($0)) } ?? "not reached"
            lines.append(
                "| \(name) | \(f(m.errorsPer100Cycles, 2)) | \(pct(m.overGuidedShare)) | \(pct(m.underGuidedShare, 2)) | "
                    + "\(pace) | \(pct(m.shareAtTargetAfter8Sessions)) | \(f(m.levelChangesPer100Cycles, 1)) |")
        }
        if let check = TargetCheck(report) {
            lines += ["", "stepwise against its target: \(check.met ? "met" : "not met")"]
            lines += check.criteria.map { "  \($0.met ? "✓" : "✗") \($0.name): \($0.detail)" }
        }
        return lines.joined(separator: "\n")
    }

    /// Step runs per policy over all `--runs`: bounds the memory the traces take (about 100 bytes each).
    static let maxStepRuns = 10 * PopulationLimits.stepRuns

    private var seeds: String { runs == 1 ? "seed \(seed)" : "seeds \(seed)–\(seed + UInt64(runs) - 1) pooled" }

    private func f(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
    private func pct(_ share: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f %%", share * 100) }
}
