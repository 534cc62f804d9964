import Foundation
import StepwiseCore
import StepwiseFormats
import Yams

/// A population file could not be used: every problem found, each located (`file:line:column`).
public struct PopulationError: Error, Equatable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    /// One gcc-style line per problem.
    public var message: String { diagnostics.map(\.formatted).joined(separator: "\n") }
    public var description: String { message }
}

/// Reads population files (format and ranges: docs/evaluation.md) with the instruction-set
/// loader's rules: known keys only (did-you-mean for a misspelt one), every number finite and in
/// its range, sizes bounded, every problem located. Every learner key is optional: a worker entry
/// starts from `defaults`, which starts from `LearnerProfile`'s built-in values.
public enum PopulationFile {
    public static func load(path: String) -> Result<Population, PopulationError> {
        read(FieldReader.open(path: path), name: (path as NSString).lastPathComponent)
    }

    /// Reads YAML text; `name` names it in messages and is the population's name if it has none.
    public static func parse(_ yaml: String, name: String = "population") -> Result<Population, PopulationError> {
        read(FieldReader.open(text: yaml, file: name), name: name)
    }

    private static func read(_ opened: Result<FieldReader, DiagnosticList>, name fallback: String) -> Result<
        Population, PopulationError
    > {
        switch opened {
        case .failure(let list): return .failure(PopulationError(list.diagnostics))
        case .success(let reader):
            let population = PopulationReader(reader: reader).read(fallbackName: fallback)
            guard let population, !reader.hasErrors else {
                var diagnostics = reader.diagnostics.diagnostics
                if diagnostics.isEmpty {
                    diagnostics = [
                        Diagnostic(
                            file: reader.file, line: 1, column: 1, message: "file could not be loaded",
                            expected: "a population")
                    ]
                }
                return .failure(PopulationError(diagnostics))
            }
            return .success(population)
        }
    }
}

/// Bounds on a population file, documented in docs/evaluation.md. They keep one evaluation to
/// minutes and memory to a few hundred megabytes whatever the file says.
public enum PopulationLimits {
    public static let steps = Limits.steps
    public static let sessions = 1...1000
    public static let workers = 1000
    public static let absences = 100
    /// Step runs one policy may simulate, as `Population.estimatedStepRuns` counts them.
    public static let stepRuns = 1_000_000
    public static let nameCharacters = 100
    /// Days one worker's schedule may span (sessions × days between them, plus absences).
    public static let scheduleDays = 36_500
}
