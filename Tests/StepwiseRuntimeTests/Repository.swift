import Foundation
import StepwiseCore

/// Paths of the repository the tests run in, and scratch folders.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func scratch(_ name: String = #function) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("stepwise-runtime-\(name.filter(\.isLetter))-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The sensor activations that complete a stage, derived from its completion conditions, so the
/// tests follow whatever the shipped sets say.
enum Activations {
    static func completing(_ condition: CompletionCondition) -> [InputID] {
        switch condition {
        case .input(let id, let count): Array(repeating: id, count: max(1, count))
        case .anyOf(let parts): parts.first.map(completing) ?? []
        case .allOf(let parts): parts.flatMap(completing)
        }
    }

    /// A trace (docs/formats.md) of one worker doing one full cycle of `set`.
    static func cycleTrace(set: InstructionSet, variant: VariantID?, badge: String) -> String {
        var lines = ["0 badge \(badge)", "1 select \(set.id)\(variant.map { " \($0)" } ?? "")"]
        var t = 2.0
        for stage in set.stages(for: variant) {
            for step in stage.steps {
                for input in completing(step.completion) {
                    t += 1
                    lines.append("\(t) \(input)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
