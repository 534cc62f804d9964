import ArgumentParser
import Foundation
import StepwiseFitting
import StepwiseLog

struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Fit the learner model to the quality log: per step how fast people learn it, how often masters slip, what each level does.",
        discussion: "docs/evaluation.md, \"Fitting your workshop's learners\", explains the model and the report.")

    @OptionGroup var qualityLog: QualityLogOption
    @Option(help: "The instruction set to fit (needed when the log holds several).")
    var set: String?
    @Option(help: "Resamples of workers for the 90 % ranges (0: no ranges).")
    var bootstrap: Int = 20
    @Option(help: "Seed of the cross-validation folds and the resamples; the same seed gives the same numbers.")
    var seed: UInt64 = 1
    @Option(help: "Also write the fitted learners as a population file for `stepwise evaluate`.")
    var out: String?
    @Flag(help: "Print one JSON object instead of the report.")
    var json = false

    func run() throws {
        guard (0...1000).contains(bootstrap) else {
            throw CommandSupport.fail("--bootstrap \(bootstrap): expected 0…1000")
        }
        let path = try qualityLog.existing()
        let fitted: FitResult
        do {
            let records = try QualityLog(path: path).records()
            let runs = try LogRuns(records: records, set: set)
            fitted = try WorkshopFit.fit(runs, options: FitOptions(resamples: bootstrap, seed: seed))
        } catch {
            throw CommandSupport.fail("\(path): \(error)")
        }
        if let out { try write(fitted, to: out) }
        CommandSupport.printStored(json ? fitted.json() : fitted.formattedText())
    }

    private func write(_ fitted: FitResult, to out: String) throws {
        switch fitted.populationFile() {
        case .failure(let error): throw CommandSupport.fail("the fitted population does not load:\n\(error.message)")
        case .success(let text):
            do {
                try text.write(toFile: out, atomically: true, encoding: .utf8)
            } catch {
                throw CommandSupport.fail("\(out): cannot write the population file: \(error.localizedDescription)")
            }
        }
    }
}
