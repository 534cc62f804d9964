import Foundation
import Testing
import StepwiseCore
@testable import StepwiseEvaluation

@Suite struct PopulationFileTests {
    @Test func theSmallPopulationLoadsWithDefaultsAndCopies() throws {
        let population = try Fixture.small()
        #expect(population.workers.map(\.name) == ["novice-1", "novice-2", "coach-dependent", "expert-1", "expert-2"])
        #expect(population.task.steps.map(\.group) == [nil, nil, "checks", "checks"])
        let dependent = try #require(population.workers.first { $0.name == "coach-dependent" })
        #expect(dependent.floor == .hint && dependent.schedule.sessions == 3 && dependent.schedule.absences.count == 1)
        #expect(dependent.learningRate == LearnerProfile(name: "x").learningRate)
    }

    @Test func everyShippedPopulationLoads() throws {
        let folder = Fixture.path("Populations")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 3)
        for file in files {
            #expect(throws: Never.self) { try PopulationFile.load(path: "\(folder)/\(file)").get() }
        }
    }

    @Test func mistakesAreNamed() {
        let noTask = PopulationFile.parse("workers: [{name: a}]")
        #expect(noTask.failureMessage?.contains("population is missing the required key 'task'") == true)
        let badLevel = PopulationFile.parse("task: [{id: a, target-seconds: 3}]\nworkers: [{floor: loud}]")
        #expect(
            badLevel.failureMessage?.contains("unknown floor 'loud'; expected one of full, hint, location, silent")
                == true)
        let badTime = PopulationFile.parse("task: [{id: a, target-seconds: 0}]\nworkers: [{name: a}]")
        #expect(badTime.failureMessage?.contains("target-seconds is 0, out of range; expected more than 0") == true)
    }
}

extension Result where Failure == PopulationError {
    var failureMessage: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }
}
