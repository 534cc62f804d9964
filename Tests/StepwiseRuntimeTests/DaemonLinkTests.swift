import Foundation
import StepwiseTestSupport
import Testing

/// The daemon links only what it runs: the benchmark (`StepwiseBench`) and the engineer's tools
/// (`StepwiseSetup`: calibration, preview, monitor) are `stepwise`'s alone. Checked on the built
/// `stepwised`'s symbol table, so a dependency added by mistake fails here, not on a station.
@Suite struct DaemonLinkTests {
    /// `stepwised` beside this test bundle (the same build), or the default build folder's.
    static var binary: String {
        let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        let beside = URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("stepwised").path
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : Repository.path(".build/debug/stepwised")
    }

    /// Swift mangles a module as its name's length and the name, so every symbol of the two modules
    /// holds one of the first two; the types below catch the same code declared in another module
    /// (a name that repeats a word of the module's, like `RenderBench`, is mangled shorter: not listed).
    static let forbidden = [
        "13StepwiseBench", "13StepwiseSetup", "12LatencyProbe", "13SensorMonitor", "18CalibrationConsole",
    ]

    @Test func stepwisedHoldsNoSymbolOfTheBenchmarkOrTheSetupTools() throws {
        let binary = Self.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build stepwised first: \(binary)")
        let result = try ToolProcess.run("/usr/bin/nm", [binary])
        #expect(result.status == 0, "nm: \(result.stderr)")
        let symbols = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
        #expect(symbols.count > 1000, "nm read the symbol table of \(binary)")
        for name in Self.forbidden {
            let found = symbols.filter { $0.contains(name) }
            #expect(found.isEmpty, "\(binary) links \(name): \(found.count) symbols, e.g. \(found.prefix(2))")
        }
    }
}
