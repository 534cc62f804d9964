import ArgumentParser
import Foundation
import StepwiseEvaluation

struct Tune: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Search the guidance policy's keys against a population by simulation; print the chosen policy: block.",
        discussion:
            "Least over-guidance with errors within --tolerance of always-full's; compared with the defaults and the published rules in the same run (docs/evaluation.md)."
    )

    @Option(help: "The population file (YAML), e.g. one written by `stepwise fit --out`.")
    var population: String
    @Option(help: "Seed of the simulation; the same seed gives the same numbers.")
    var seed: UInt64 = 1
    @Option(help: "Errors per 100 cycles a tuned policy may have above always-full's.")
    var tolerance: Double = PolicyTuning.defaultTolerance

    func run() throws {
        guard tolerance.isFinite, (0...100).contains(tolerance) else {
            throw CommandSupport.fail("--tolerance \(tolerance): expected 0…100 errors per 100 cycles")
        }
        let loaded: Population
        switch PopulationFile.load(path: population) {
        case .success(let p): loaded = p
        case .failure(let error): throw CommandSupport.fail(error.message)
        }
        let tuning = PolicyTuning(loaded, seed: seed, tolerance: tolerance)
        var lines = [
            "population \(loaded.name): \(loaded.workers.count) workers, seed \(seed), \(tuning.tried) policies tried",
            "", tuning.policyBlock, "", "| policy | errors/100 cycles | over-guided | cycles to pace |",
            "|---|---:|---:|---:|",
        ]
        let rows =
            ["always-full", "motioneap", "tempo-threshold"].compactMap { name in
                tuning.baselines[name].map { (name, $0) }
            }
            + [("stepwise (defaults)", tuning.defaults), ("stepwise (tuned)", tuning.best.metrics)]
        for (name, m) in rows {
            let pace = m.cyclesToTargetPace.map { String(Int($0)) } ?? "not reached"
            lines.append(
                "| \(name) | \(String(format: "%.2f", m.errorsPer100Cycles)) | "
                    + "\(String(format: "%.1f %%", m.overGuidedShare * 100)) | \(pace) |")
        }
        print(lines.joined(separator: "\n"))
    }
}
