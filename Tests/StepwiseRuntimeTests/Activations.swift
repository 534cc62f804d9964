import Foundation
import StepwiseCore

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
