import Foundation
import Logging
import StepwiseCore
import StepwiseDevices
import StepwiseLog
import StepwiseTestSupport
import Testing

@testable import StepwiseRuntime

/// New instruction sets (a published version the uplink installed, a saved file) switch between
/// cycles: a cycle in progress finishes on the version it started with.
@Suite struct ReloadBetweenCyclesTests {
    static let definitions = try! Definitions.load(
        cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
    ).get()

    /// The LED street light as version 3.3 with its first step's text changed.
    static var published: Definitions {
        var next = definitions
        next.instructionSets = next.instructionSets.map { set in
            guard set.id == "led-streetlight" else { return set }
            var set = set
            set.version = "3.3"
            set.contentHash = "changed"
            return set
        }
        return next
    }

    func daemon(_ dir: URL) throws -> Daemon {
        var definitions = Self.definitions
        definitions.cell.projector.framebuffer?.target = .file(path: dir.appendingPathComponent("fb.raw").path)
        definitions.cell.outputs = []
        let options = DaemonOptions(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions"),
            databasePath: dir.appendingPathComponent("q.sqlite").path,
            pseudonymsPath: dir.appendingPathComponent("p.sqlite").path, console: false, watchFiles: false)
        let silent = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        return try Daemon.assemble(
            options: options, definitions: definitions, logger: silent, parts: DaemonParts(observer: StationRecorder()))
    }

    func version(_ daemon: Daemon) -> String? {
        daemon.station.definitions.instructionSets.first { $0.id == "led-streetlight" }?.version
    }

    @Test func aCycleInProgressFinishesOnItsVersion() throws {
        let daemon = try daemon(try Repository.scratch())
        var seen: [String?] = []
        daemon.loop.schedule(at: MonotonicInstant.now()) {
            daemon.dispatch(.login("w-aa0001", skills: []))
            daemon.dispatch(.select("led-streetlight", variant: "40w"))
            daemon.dispatch(.activated("bin-1.pick"))
            daemon.reloaded(.replace(Self.published))
            seen.append(self.version(daemon))
            daemon.dispatch(.activated("fixture.housing"))
            seen.append(self.version(daemon))
            daemon.dispatch(.logout)
            seen.append(self.version(daemon))
            daemon.loop.stop()
        }
        _ = daemon.runLoop()
        #expect(seen == ["3.2", "3.2", "3.3"], "switched once the worker was no longer in the cycle")
        #expect(daemon.waiting == nil)
    }

    @Test func withNoCycleInProgressTheNewVersionAppliesAtOnce() throws {
        let daemon = try daemon(try Repository.scratch())
        var seen: String?
        daemon.loop.schedule(at: MonotonicInstant.now()) {
            daemon.dispatch(.login("w-aa0001", skills: []))
            daemon.reloaded(.replace(Self.published))
            seen = self.version(daemon)
            daemon.loop.stop()
        }
        _ = daemon.runLoop()
        #expect(seen == "3.3")
    }
}
