import Foundation
import StepwiseCore
import Yams

/// A population file could not be used: what is wrong, and what was expected.
public struct PopulationError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads population files (format: docs/evaluation.md). Every learner key is optional: a worker
/// entry starts from `defaults`, which starts from `LearnerProfile`'s built-in values.
public enum PopulationFile {
    public static func load(path: String) -> Result<Population, PopulationError> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return .failure(PopulationError("cannot read population file \(path); expected a readable YAML file"))
        }
        return parse(text, name: (path as NSString).lastPathComponent)
    }

    public static func parse(_ yaml: String, name fallback: String = "population") -> Result<Population, PopulationError> {
        let spec: PopulationSpec
        do { spec = try YAMLDecoder().decode(PopulationSpec.self, from: yaml) } catch {
            return .failure(PopulationError("population file is not in the expected form: \(describe(error))"))
        }
        return spec.population(fallbackName: fallback)
    }

    private static func describe(_ error: Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "missing key '\(key.stringValue)' at \(path(context.codingPath))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            return "\(context.debugDescription) at \(path(context.codingPath))"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "the top level" : keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}

struct PopulationSpec: Decodable {
    var name: String?
    var paceTolerance: Double?
    var acceptableExtraError: Double?
    var task: [StepSpec]
    var defaults: LearnerSpec?
    var workers: [LearnerSpec]

    enum CodingKeys: String, CodingKey {
        case name, task, defaults, workers
        case paceTolerance = "pace-tolerance", acceptableExtraError = "acceptable-extra-error"
    }

    struct StepSpec: Decodable {
        var id: String
        var targetSeconds: Double
        var group: String?
        enum CodingKeys: String, CodingKey { case id, group, targetSeconds = "target-seconds" }
    }

    func population(fallbackName: String) -> Result<Population, PopulationError> {
        guard !task.isEmpty else { return .failure(PopulationError("task has no steps; expected at least one step")) }
        if let bad = task.first(where: { !($0.targetSeconds > 0) }) {
            return .failure(PopulationError("step \(bad.id) has target-seconds \(bad.targetSeconds); expected > 0"))
        }
        guard Set(task.map(\.id)).count == task.count else {
            return .failure(PopulationError("task has duplicate step ids; expected each id once"))
        }
        guard !workers.isEmpty else { return .failure(PopulationError("no workers; expected at least one")) }
        var profiles: [LearnerProfile] = []
        for (index, worker) in workers.enumerated() {
            let base = (defaults ?? LearnerSpec()).applied(to: LearnerProfile(name: "worker"))
            let name = worker.name ?? "worker-\(index + 1)"
            let count = worker.count ?? 1
            guard (1...1000).contains(count) else {
                return .failure(PopulationError("worker \(name) has count \(count); expected 1…1000"))
            }
            guard let profile = worker.applied(to: base) as LearnerProfile?, profile.schedule.sessions > 0 else {
                return .failure(PopulationError("worker \(name) has no sessions; expected sessions ≥ 1"))
            }
            for copy in 1...count {
                var p = profile
                p.name = count == 1 ? name : "\(name)-\(copy)"
                profiles.append(p)
            }
        }
        let steps = task.map { SimulatedTask.Step(id: $0.id, targetSeconds: $0.targetSeconds, group: $0.group) }
        return .success(
            Population(
                name: name ?? fallbackName, task: SimulatedTask(steps: steps), workers: profiles,
                paceTolerance: paceTolerance ?? 1.1, acceptableExtraError: acceptableExtraError ?? 0.02))
    }
}
