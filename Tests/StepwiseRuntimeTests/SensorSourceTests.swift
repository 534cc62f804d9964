import StepwiseCore
import StepwiseDevices
import StepwiseTestSupport
import Testing

@testable import StepwiseRuntime

/// A sensor kind the station has never heard of plugs in through `SensorSource` alone: its
/// readings go through the real event loop, the debouncer and `SensorMeaning` to station
/// events, badges and faults, and `stepwise monitor` names them by the new kind.
@Suite struct SensorSourceTests {
    struct Run {
        var events: [StationEvent] = []
        var badges: [String] = []
        var observations: [SensorObservation] = []
    }

    /// Starts the sensors on a fresh loop with `source` as the only source, lets `script` push,
    /// and runs until `done` says so (or a safety stop after 5 s, so a failure cannot hang).
    func run(
        _ source: ScriptedSensorSource, until done: @escaping (Run) -> Bool, _ script: (ScriptedSensorSource) -> Void
    ) throws -> Run {
        let definitions = try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get()
        var cell = definitions.cell
        cell.roles.reader = "reader"
        let loop = try EventLoop()
        let sensors = SensorInputs(cell: cell, instructionSets: definitions.instructionSets, sources: [source])
        var run = Run()
        sensors.onEvent = { event, _ in
            run.events.append(event)
            if done(run) { loop.stop() }
        }
        sensors.onBadge = { badge in
            run.badges.append(badge)
            if done(run) { loop.stop() }
        }
        sensors.onObservation = { run.observations.append($0) }
        sensors.start(on: loop)
        script(source)
        _ = loop.schedule(at: MonotonicInstant.now().adding(seconds: 5)) { loop.stop() }
        loop.run()
        sensors.close()
        loop.close()
        return run
    }

    @Test func aNewKindsReadingsBecomeStationEvents() throws {
        let source = try ScriptedSensorSource(kind: "torque-controller")
        let fault = DeviceFault(device: "nutrunner", kind: .sensor, message: "connection lost")
        // A bouncing edge from a second ago: the debouncer settles it at once, on the loop's timer.
        let past = MonotonicInstant.now().nanoseconds - 1_000_000_000
        let run = try run(source, until: { $0.events.count >= 4 && $0.badges.count == 1 }) { source in
            source.push(.edge("bin-1.pick", active: true), at: MonotonicInstant(nanoseconds: past))
            source.push(.edge("bin-1.pick", active: false), at: MonotonicInstant(nanoseconds: past + 1_000_000))
            source.push(.edge("bin-1.pick", active: true), at: MonotonicInstant(nanoseconds: past + 2_000_000))
            source.push(.active("torque.ok"))
            source.push(.line(device: "reader", text: "B-0042"))
            source.push(.absent(fault))
            source.push(.present(device: "nutrunner"))
        }
        #expect(
            run.events == [
                .activated("torque.ok"), .fault(fault), .faultCleared(device: "nutrunner"), .activated("bin-1.pick"),
            ])
        #expect(run.badges == ["B-0042"])
        #expect(run.observations.contains { $0.source.rawValue == "torque-controller" && $0.subject == "nutrunner" })
        #expect(
            run.observations.contains {
                if case .debounced(.activated) = $0.what { $0.source.rawValue == "torque-controller" } else { false }
            })
        #expect(source.isClosed)
    }

    @Test func faultsPendingAtStartArriveOnce() throws {
        let source = try ScriptedSensorSource(kind: "torque-controller")
        let unreachable = DeviceFault(device: "nutrunner", kind: .sensor, message: "unreachable at start")
        source.atStart = [SensorReading(at: .now(), .fault(unreachable))]
        let run = try run(source, until: { $0.events.count >= 2 }) { source in
            source.push(.active("torque.nok"))
        }
        #expect(run.events == [.fault(unreachable), .activated("torque.nok")])
    }
}
