import StepwiseCore
import StepwiseFormats
import Yams

/// Reads a population file's node tree; every problem goes to the `FieldReader`, and reading
/// goes on so one run names every mistake.
struct PopulationReader {
    let reader: FieldReader

    static let topKeys = ["name", "pace-tolerance", "acceptable-extra-error", "task", "defaults", "workers"]

    func read(fallbackName: String) -> Population? {
        let root = reader.root
        guard let fields = reader.fields(root, "population", known: Self.topKeys, required: ["task", "workers"]) else {
            return nil
        }
        let name = fields["name"].flatMap(populationName) ?? fallbackName
        let pace = fields["pace-tolerance"].flatMap {
            reader.number($0, "pace-tolerance", in: 0...10, aboveLower: true)
        }
        let extra = fields["acceptable-extra-error"].flatMap { reader.number($0, "acceptable-extra-error", in: 0...1) }
        guard let taskNode = fields["task"], let task = self.task(taskNode) else { return nil }
        let ids = task.steps.map(\.id)
        var base = LearnerProfile(name: "worker")
        if let defaults = fields["defaults"] {
            base = LearnerKeys.read(defaults, onto: base, "defaults", steps: ids, worker: false, reader).profile
        }
        guard let workersNode = fields["workers"], let workers = self.workers(workersNode, base: base, steps: ids)
        else {
            return nil
        }
        let population = Population(
            name: name, task: task, workers: workers, paceTolerance: pace ?? 1.1, acceptableExtraError: extra ?? 0.02)
        let runs = population.estimatedStepRuns
        if runs > PopulationLimits.stepRuns {
            reader.report(
                workersNode, "this population would simulate about \(runs) step runs per policy",
                expected: "at most \(PopulationLimits.stepRuns) (fewer workers, sessions, hours per session or steps)")
        }
        return population
    }

    /// Printed in the report's first line, so text without control characters.
    private func populationName(_ node: Node) -> String? {
        guard let text = reader.text(node, "name", maxLength: PopulationLimits.nameCharacters) else { return nil }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            reader.report(node, "name contains a control character", expected: "printable text")
            return nil
        }
        return text
    }

    private func task(_ node: Node) -> SimulatedTask? {
        guard let items = reader.list(node, "task", limit: PopulationLimits.steps, nonEmpty: true) else { return nil }
        var steps: [SimulatedTask.Step] = []
        var seen: [String: Node] = [:]
        var closedGroups: Set<String> = []
        for item in items {
            guard
                let fields = reader.fields(
                    item, "task step", known: ["id", "target-seconds", "group"], required: ["id", "target-seconds"]),
                let idNode = fields["id"], let id = reader.identifier(idNode, "step id")
            else { continue }
            if let first = seen[id] {
                reader.report(
                    idNode, "duplicate step id '\(id)' (first at line \(first.mark?.line ?? 0))",
                    expected: "each id once")
                continue
            }
            seen[id] = idNode
            guard
                let target = fields["target-seconds"].flatMap({
                    reader.number($0, "target-seconds", in: Limits.targetSeconds, aboveLower: true)
                })
            else { continue }
            let group = fields["group"].flatMap { reader.identifier($0, "group") }
            if let last = steps.last?.group, last != group { closedGroups.insert(last) }
            if let group, closedGroups.contains(group), let node = fields["group"] {
                reader.report(
                    node, "the steps of group '\(group)' are not next to each other",
                    expected: "a group's steps one after another")
            }
            steps.append(SimulatedTask.Step(id: id, targetSeconds: target, group: group))
        }
        return steps.count == items.count ? SimulatedTask(steps: steps) : nil
    }

    private func workers(_ node: Node, base: LearnerProfile, steps: [String]) -> [LearnerProfile]? {
        guard let items = reader.list(node, "workers", limit: PopulationLimits.workers, nonEmpty: true) else {
            return nil
        }
        var profiles: [LearnerProfile] = []
        for (index, item) in items.enumerated() {
            let (profile, fields) = LearnerKeys.read(item, onto: base, "worker", steps: steps, worker: true, reader)
            let name = fields["name"].flatMap { reader.identifier($0, "worker name") } ?? "worker-\(index + 1)"
            let count = fields["count"].flatMap { reader.integer($0, "count", in: 1...PopulationLimits.workers) } ?? 1
            if let late = profile.schedule.absences.first(where: { $0.afterSession > profile.schedule.sessions }) {
                reader.report(
                    item, "worker \(name) is away after session \(late.afterSession) of \(profile.schedule.sessions)",
                    expected: "after-session at most the worker's sessions")
            }
            let schedule = profile.schedule
            let days =
                Double(schedule.sessions) * schedule.daysBetweenSessions + schedule.absences.map(\.days).reduce(0, +)
            if days > Double(PopulationLimits.scheduleDays) {
                reader.report(
                    item, "worker \(name)'s schedule spans \(Int(days)) days",
                    expected: "at most \(PopulationLimits.scheduleDays) days (fewer sessions or shorter absences)")
            }
            guard profiles.count + count <= PopulationLimits.workers else {
                reader.report(
                    item, "the workers add up to more than \(PopulationLimits.workers)",
                    expected: "at most \(PopulationLimits.workers) workers in all")
                return nil
            }
            for copy in 1...count {
                var p = profile
                p.name = count == 1 ? name : "\(name)-\(copy)"
                profiles.append(p)
            }
        }
        return profiles
    }
}
