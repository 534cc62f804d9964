import Foundation
import StepwiseTestSupport
import StepwiseCore
import StepwiseRuntime
import Testing

/// `stepwise calibrate` and `stepwise preferences` as a user runs them.
@Suite struct CalibrateCommandTests {
    /// Runs `stepwise` with `input` on its standard input (keys from a pipe).
    static func stepwise(_ arguments: [String], input: String = "") throws -> CommandLineTests.Output {
        let result = try ToolProcess.run(CommandLineTests.binary, arguments, input: input)
        return .init(
            status: result.status, stdout: String(decoding: result.stdout, as: UTF8.self), stderr: result.stderr)
    }

    /// The demo cell in a scratch folder, its framebuffer file beside it.
    func scratchCell() throws -> String {
        let dir = try Repository.scratch()
        let text = try String(contentsOfFile: Repository.path("Devices/demo-cell.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "file: ../out/framebuffer.raw", with: "file: fb.raw")
        let cell = dir.appendingPathComponent("cell.yaml").path
        try text.write(toFile: cell, atomically: true, encoding: .utf8)
        return cell
    }

    @Test func keysFromAPipeMoveACrosshairAndEnterWritesTheCell() throws {
        let cell = try scratchCell()
        // Crosshair 3 ten px down (J) and 2 px left (h h), then Enter.
        let result = try Self.stepwise(["calibrate", "--cell", cell], input: "3Jhh\r")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("minimum text: 12 mm ="))
        let written = try Definitions.load(cellPath: cell, instructionsPath: Repository.path("WorkInstructions")).get()
        #expect(written.cell.projector.calibration.projector[2] == PointPX(x: 1238, y: 780))
        #expect(FileManager.default.fileExists(atPath: cell + ".bak"))
    }

    @Test func cancellingWritesNothing() throws {
        let cell = try scratchCell()
        let before = try String(contentsOfFile: cell, encoding: .utf8)
        let result = try Self.stepwise(["calibrate", "--cell", cell], input: "1LLLq")
        #expect(result.status == 1)
        #expect(result.stderr.contains("calibration cancelled"))
        #expect(try String(contentsOfFile: cell, encoding: .utf8) == before)
    }

    @Test func swappedPointsAreRefusedWithWhatIsExpected() throws {
        let cell = try scratchCell()
        let result = try Self.stepwise([
            "calibrate", "--cell", cell, "--points",
            "0,0=40,30 1000,0=1240,30 1000,600=40,770 0,600=1240,770",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("projector outline 1→2→3→4 crosses itself"))
        #expect(result.stderr.contains("expected"))
    }

    @Test func dryRunPrintsTheBlockAndLeavesTheFile() throws {
        let cell = try scratchCell()
        let before = try String(contentsOfFile: cell, encoding: .utf8)
        let result = try Self.stepwise([
            "calibrate", "--cell", cell, "--dry-run", "--points",
            "0,0=40,30 1000,0=1240,30 1000,600=1140,770 0,600=140,770",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("- {bench: [1000, 600], projector: [1140, 770]}"))
        #expect(result.stdout.contains("px/mm at its centre"))
        #expect(try String(contentsOfFile: cell, encoding: .utf8) == before)
    }

    @Test func preferencesAreSetAndShown() throws {
        let db = try Repository.scratch().appendingPathComponent("q.sqlite").path
        let set = try Self.stepwise([
            "preferences", "w-ab12", "--text-scale", "1.5", "--high-contrast", "--language", "tr", "--db", db,
        ])
        #expect(set.status == 0, "\(set.stderr)")
        let shown = try Self.stepwise(["preferences", "w-ab12", "--db", db])
        #expect(shown.stdout.contains("w-ab12: text 1.5× the cell's size, high contrast on, language tr"))
        let bad = try Self.stepwise(["preferences", "w-ab12", "--text-scale", "5", "--db", db])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("expected 1 to 3"))
    }
}
