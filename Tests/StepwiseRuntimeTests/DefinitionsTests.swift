import StepwiseTestSupport
import Foundation
import StepwiseCore
import StepwiseRuntime
import Testing

@Suite struct DefinitionsTests {
    @Test func shippedDemoCellLoadsWithBothSets() throws {
        let result = Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions"))
        let definitions = try result.get()
        #expect(definitions.instructionSets.count >= 2)
        #expect(definitions.cell.inputs.isEmpty == false)
    }

    @Test func defaultInstructionsFolderIsNextToTheCellFolder() {
        #expect(Definitions.defaultInstructionsPath(forCell: "/x/Devices/a.yaml") == "/x/WorkInstructions")
    }

    @Test func aBrokenSetFailsTheWholeLoadWithItsLocation() throws {
        let dir = try Repository.scratch()
        let sets = dir.appendingPathComponent("WorkInstructions")
        try FileManager.default.copyItem(atPath: Repository.path("WorkInstructions"), toPath: sets.path)
        let file = sets.appendingPathComponent("led-streetlight.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "target-seconds:", with: "target-secs:")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = Definitions.load(cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: sets.path)
        guard case .failure(let error) = result else {
            Issue.record("a set with a misspelt key must not load")
            return
        }
        #expect(error.report.contains("led-streetlight.yaml:"))
        #expect(error.report.contains("target-secs"))
        #expect(error.report.contains("error:"))
    }
}
