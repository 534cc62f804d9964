import StepwiseTestSupport
import Foundation
import StepwiseCore
import StepwiseDevices
import StepwiseLog
import StepwiseRuntime
import Testing
@testable import StepwiseBench

/// The benchmark's event-to-present figure must come from the daemon's real path: GPIO edges
/// through the event loop and the debouncers, into the station, onto the framebuffer and into
/// the log. These tests check the path, never the time it takes.
@Suite struct LatencyProbeTests {
    @Test func gpioInputsAreDrivenAsEdgesWithTheirCellsDebounceTime() throws {
        let defs = try piCellAt1080p(in: try Repository.scratch())
        let gpio = Set(GPIOLineRequest.inputs(of: defs.cell).keys)
        let script = BenchStep.script(defs, gpio: gpio, sensorEvents: 300)
        #expect(script.filter(\.isSensor).count == 300)
        #expect(script.last?.isSensor == true)
        guard case .badge = script[0], case .scan = script[1] else {
            Issue.record("a cycle starts with the badge and the variant code, got \(script.prefix(2))")
            return
        }
        var edges = 0
        for step in script {
            guard case .edge(let input, let debounce) = step else { continue }
            edges += 1
            #expect(gpio.contains(input))
            #expect(debounce == UInt64((defs.cell.input(input)?.debounceMilliseconds ?? -1) * 1e6))
        }
        #expect(edges > 0, "the shipped sets are worked with the cell's GPIO sensors")
    }

    @Test func everyScriptedEventReachesTheStationAndTheLog() throws {
        let dir = try Repository.scratch()
        let options = DaemonOptions(
            cellPath: Repository.path("Devices/pi-cell.yaml"), instructionsPath: Repository.path("WorkInstructions"),
            databasePath: dir.appendingPathComponent("q.sqlite").path,
            pseudonymsPath: dir.appendingPathComponent("p.sqlite").path,
            mirrorPath: dir.appendingPathComponent("mirror.png").path, console: false, watchFiles: false)
        let (sensor, session) = try LatencyProbe(definitions: try piCellAt1080p(in: dir), options: options).run(
            events: 120)
        #expect(sensor.count == 120)
        #expect(session.count >= 2, "at least one badge login and one logout")
        let records = try QualityLog(path: options.databasePath).records()
        #expect(!records.isEmpty, "completed steps are logged")
        #expect(FileManager.default.fileExists(atPath: options.mirrorPath ?? ""))
    }
}
