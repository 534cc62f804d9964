import Foundation
import StepwiseCore
import Testing
@testable import StepwiseFormats

/// `stepwise calibrate` rewrites only the calibration block of a cell file.
@Suite struct CalibrationTextTests {
    let new = Calibration(
        bench: [PointMM(x: 0, y: 0), PointMM(x: 1000, y: 0), PointMM(x: 1000, y: 600), PointMM(x: 0, y: 600.5)],
        projector: [
            PointPX(x: 41, y: 29), PointPX(x: 1238, y: 33), PointPX(x: 1242.25, y: 771), PointPX(x: 38, y: 768),
        ])

    func rewrite(_ text: String) throws -> String {
        try CalibrationText.replacing(in: text, file: "cell.yaml", with: new).get()
    }

    @Test func onlyTheCalibrationLinesOfTheShippedCellsChange() throws {
        for name in ["Devices/demo-cell.yaml", "Devices/pi-cell.yaml"] {
            let original = try String(contentsOfFile: Fixture.path(name), encoding: .utf8)
            let rewritten = try rewrite(original)
            let before = original.split(separator: "\n", omittingEmptySubsequences: false)
            let after = rewritten.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(before.count == after.count, "\(name): four point lines in, four out")
            let changed = zip(before, after).filter { $0 != $1 }
            #expect(changed.count == 4, "\(name): \(changed)")
            #expect(changed.allSatisfy { $0.0.contains("bench:") && $0.1.contains("bench:") })
            #expect(after.contains { $0.contains("- {bench: [0, 600.5], projector: [38, 768]}") })
            #expect(after.contains { $0.contains("projector: [1242.25, 771]") })
        }
    }

    @Test func theRewrittenCellLoadsWithTheNewPoints() throws {
        let folder = Fixture.scratch()
        let original = try String(contentsOfFile: Fixture.path("Devices/demo-cell.yaml"), encoding: .utf8)
        let path = Fixture.write(try rewrite(original), "cell.yaml", in: folder)
        let (cell, _) = try CellFile.load(path: path).get()
        #expect(cell.projector.calibration == new)
    }

    @Test func theKeyLineCommentStaysAndAFlowListBecomesABlock() throws {
        let text = """
            id: c
            projector:
              calibration: [{bench: [0, 0], projector: [1, 1]}, {bench: [1, 0], projector: [2, 1]},
                {bench: [1, 1], projector: [2, 2]}, {bench: [0, 1], projector: [1, 2]}]  # old
              panel: {x: 0, y: 0, width: 1, height: 1}
            zones: []
            """
        let lines = try rewrite(text).split(separator: "\n").map(String.init)
        #expect(lines[2] == "  calibration:")
        #expect(lines[3] == "    - {bench: [0, 0], projector: [41, 29]}")
        #expect(lines[7] == "  panel: {x: 0, y: 0, width: 1, height: 1}")
        let commented =
            "projector:\n  calibration:   # measured 2026-11\n  - {bench: [0, 0], projector: [1, 1]}\n  width: 4\n"
        let kept = try rewrite(commented).split(separator: "\n").map(String.init)
        #expect(kept[1] == "  calibration:   # measured 2026-11")
        #expect(kept[6] == "  width: 4")
    }

    @Test func aCellWithoutCalibrationSaysWhatIsMissing() {
        let result = CalibrationText.replacing(
            in: "id: c\nprojector:\n  width: 4\nzones: []\n", file: "c.yaml", with: new)
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.line == 2)
        #expect(error.description.contains("c.yaml:2: error: the projector has no 'calibration:' key"))
    }
}
