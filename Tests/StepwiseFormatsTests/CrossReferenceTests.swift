import Foundation
import StepwiseCore
import Testing
@testable import StepwiseFormats

@Suite struct CrossReferenceTests {
    private func crossReport() -> ValidationReport {
        Validation.validate(paths: [
            Fixture.formats("invalid/cross-set.yaml"), Fixture.formats("invalid/cross-cell.yaml"),
        ])
    }

    @Test func danglingZonesBinsInputsAndOutputsAreReportedInTheSet() {
        let list = crossReport().diagnostics
        #expect(
            find(list, 8, 12, "bin 'bin-c' is not defined in cell 'cross-cell' (cross-cell.yaml)")?.suggestion
                == "bin-a")
        #expect(find(list, 8, 19, "zone 'jig' is not a bin in cell 'cross-cell'") != nil)
        #expect(find(list, 9, 13, "zone 'jgi' is not defined")?.suggestion == "jig")
        #expect(find(list, 10, 15, "output 'tool.enabel' is not defined")?.suggestion == "tool.enable")
        #expect(find(list, 11, 24, "input 'bin-a.pikc' is not defined")?.suggestion == "bin-a.pick")
        #expect(find(list, 13, 17, "input 'screw.nok' is not defined") != nil)
    }

    @Test func unknownInstructionSetInACellSuggestsTheClosest() {
        let d = find(crossReport().diagnostics, 21, 31, "instruction set 'cros-set' does not exist")
        #expect(d?.suggestion == "cross-set")
    }

    @Test func validFixturesCrossCheckCleanly() {
        let report = Validation.validate(paths: [Fixture.formats("valid")])
        #expect(!report.hasErrors, "\(report.formatted())")
        #expect(report.cells.first?.instructionSets == ["minimal", "full-featured"])
        #expect(report.cells.first?.file == Fixture.formats("valid/minimal-cell.yaml"))
        #expect(report.instructionSets.map(\.id.rawValue) == ["full-featured", "minimal"])
    }

    @Test func duplicateSetIdsAcrossFilesAreErrors() throws {
        let folder = Fixture.scratch()
        let text = try String(contentsOfFile: Fixture.formats("valid/minimal-set.yaml"), encoding: .utf8)
        Fixture.write(text, "a.yaml", in: folder)
        Fixture.write(text, "b/copy.yml", in: folder)
        let report = Validation.validate(paths: [folder.path])
        let d = find(report.diagnostics, 2, 5, "instruction set id 'minimal' is already used by")
        #expect(d?.file.hasSuffix("b/copy.yml") == true)
        #expect(report.instructionSets.count == 1)
    }

    @Test func setNotRunByAnyCellIsOnlyAWarning() {
        let report = Validation.validate(paths: [
            Fixture.formats("valid/minimal-cell.yaml"), Fixture.formats("valid/minimal-set.yaml"),
            Fixture.formats("valid/full-featured.yaml"), Fixture.path("WorkInstructions/car-seat.yaml"),
        ])
        let warning = report.diagnostics.first { $0.message == "instruction set 'car-seat' is not run by any cell" }
        #expect(warning?.severity == .warning)
        #expect(report.formatted().contains("car-seat.yaml:"))
        #expect(report.errors.allSatisfy { !$0.file.hasSuffix("car-seat.yaml") })
    }

    @Test func diagnosticsAreSortedByFileAndPosition() {
        let list = crossReport().diagnostics
        #expect(list == list.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) })
    }
}
