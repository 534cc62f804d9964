import Foundation
import StepwiseCore
@testable import StepwiseEvaluation

enum Fixture {
    /// The repository root, from this file's path.
    static func path(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(relative).path
    }

    static func small() throws -> Population {
        try PopulationFile.load(path: path("Tests/Fixtures/evaluation/small.yaml")).get()
    }

    static let task = SimulatedTask(steps: [
        .init(id: "a", targetSeconds: 10), .init(id: "b", targetSeconds: 10),
    ])

    static func run(_ step: String = "a", seconds: Double = 10, error: Bool = false, at: Double = 0) -> SimulatedRun {
        SimulatedRun(
            step: .init(id: step, targetSeconds: 10), start: Instant(seconds: 1_700_000_000 + at), workSeconds: seconds,
            error: error)
    }
}
