import StepwiseCore
import StepwiseDevices
import StepwiseFormats
import StepwiseOpenProtocol
import StepwiseTestSupport
import Testing

@testable import StepwiseRuntime

/// A torque controller as a sensor kind: the simulated controller on 127.0.0.1 talks to
/// `OpenProtocolSource` through the station's own loop and sensor path.
@Suite(.serialized) struct OpenProtocolSourceTests {
    static func tightening(id: Int, ok: Bool = true) -> [UInt8] {
        var tightening = SimulatedTightening()
        tightening.tighteningID = id
        tightening.ok = ok
        return OpenProtocolController.frame(mid: 61, revision: 1, data: tightening.data)
    }

    @Test func handshakeThenResultsBecomeOKAndNOKActivations() throws {
        let controller = try OpenProtocolController()
        defer { controller.stop() }
        let station = OpenProtocolStation(controller)
        try station.run([
            .init(name: "subscribed", until: { $0.controller.snapshot.subscribed }) {
                controller.send(Self.tightening(id: 1))
            },
            .init(name: "OK", until: { $0.activations.count == 1 }) {
                controller.send(Self.tightening(id: 2, ok: false))
            },
            .init(name: "NOK", until: { $0.activations.count == 2 }),
            .init(name: "acknowledged", until: { $0.controller.snapshot.resultAcknowledgements == 2 }),
        ])
        #expect(station.stuckAt == nil)
        #expect(station.activations == ["torque.ok", "torque.nok"])
        #expect(station.tightenings.map(\.values.controllerID) == [1, 2])
        // The simulator's values, typed all the way: 12.50 Nm within 10.00–15.00, 180° within 90–360.
        let values = try #require(station.tightenings.first?.values)
        #expect(values.summary == "12.50 Nm (10.00–15.00), 180°")
        #expect(values.ok && values.torqueStatus == .ok && values.angleStatus == .ok && values.program == 1)
        #expect(station.tightenings.last?.values.ok == false)
        #expect(station.faults.isEmpty)
        #expect(controller.snapshot.received.prefix(2).map(\.description) == ["1/3", "60/1"])
    }

    @Test func keepAlivesGoOutOnTheLoopsTimer() throws {
        let controller = try OpenProtocolController()
        defer { controller.stop() }
        let station = OpenProtocolStation(controller)
        try station.run([
            .init(
                name: "two keep-alives", until: { $0.controller.snapshot.received.filter { $0.mid == 9999 }.count >= 2 }
            )
        ])
        #expect(station.stuckAt == nil)
        #expect(station.faults.isEmpty)
    }

    @Test func aDroppedConnectionIsAFaultThatTheReconnectClears() throws {
        let controller = try OpenProtocolController()
        defer { controller.stop() }
        let station = OpenProtocolStation(controller)
        try station.run([
            .init(name: "subscribed", until: { $0.controller.snapshot.subscribed }) { controller.drop() },
            .init(name: "fault", until: { $0.faults.count == 1 }),
            .init(name: "cleared", until: { $0.cleared == 1 }) { controller.send(Self.tightening(id: 7)) },
            .init(name: "result after the reconnect", until: { $0.activations == ["torque.ok"] }),
        ])
        #expect(station.stuckAt == nil)
        #expect(station.faults.map(\.device) == ["torque controller 127.0.0.1:\(controller.port)"])
        #expect(station.faults.first?.message.contains("connection to the torque controller lost") == true)
        #expect(station.events.contains(.faultCleared(device: "torque controller 127.0.0.1:\(controller.port)")))
        #expect(controller.snapshot.connections == 2)
    }

    @Test func anUnansweredKeepAliveIsAFaultClearedWhenItAnswersAgain() throws {
        var behaviour = OpenProtocolController.Behaviour()
        behaviour.answersKeepAlive = false
        let controller = try OpenProtocolController(behaviour: behaviour)
        defer { controller.stop() }
        let station = OpenProtocolStation(controller)
        let quick = OpenProtocolStation.configuration { $0.answerTimeout = .milliseconds(300) }
        try station.run(
            configuration: quick,
            [
                .init(name: "fault", until: { $0.faults.count == 1 }) {
                    controller.update { $0.answersKeepAlive = true }
                },
                .init(name: "cleared", until: { $0.cleared == 1 }),
            ])
        #expect(station.stuckAt == nil)
        #expect(station.faults.first?.message.contains("did not answer") == true)
    }

    @Test func anUnreachableControllerIsOneFaultThoughItIsTriedAgain() throws {
        // A controller that is gone: its port refuses every connect.
        let unused = try OpenProtocolController()
        unused.stop()
        let station = OpenProtocolStation(unused)
        var retryEnd = MonotonicInstant.now().adding(seconds: 60)
        try withRefusingPort { port in
            try station.run(
                port: port, upTo: 5,
                [
                    .init(name: "fault", until: { $0.faults.count == 1 }) {
                        retryEnd = MonotonicInstant.now().adding(milliseconds: 400)
                    },
                    // Several attempts (20–80 ms apart) pass without a second fault.
                    .init(name: "retried", until: { _ in MonotonicInstant.now() > retryEnd }),
                ])
        }
        #expect(station.stuckAt == nil)
        #expect(station.faults.count == 1)
        #expect(station.faults.first?.message.contains("unreachable") == true)
        #expect(station.cleared == 0)
    }

    @Test func splitJoinedAndGarbledFramesAllArrive() throws {
        let controller = try OpenProtocolController()
        defer { controller.stop() }
        let station = OpenProtocolStation(controller)
        try station.run([
            .init(name: "subscribed", until: { $0.controller.snapshot.subscribed }) {
                controller.send(Self.tightening(id: 1), splitAt: [7, 120])
                controller.send(Self.tightening(id: 2, ok: false) + Self.tightening(id: 3))
                controller.send(Array("\u{1}\u{2}NOT A FRAME".utf8) + Self.tightening(id: 4))
            },
            .init(name: "four results", until: { $0.activations.count == 4 }),
        ])
        #expect(station.stuckAt == nil)
        #expect(station.activations == ["torque.ok", "torque.nok", "torque.ok", "torque.ok"])
        #expect(station.faults.isEmpty)
    }
}

/// The one line of mapping: the cell's open-protocol inputs become one controller per host and port.
@Suite struct OpenProtocolControllersTests {
    @Test func inputsOfOneHostAndPortShareAController() throws {
        var cell = try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get().cell
        cell.inputs = [
            Input(id: "torque.ok", source: .openProtocol(host: "10.0.4.21", keepAliveSeconds: 8, result: .ok)),
            Input(id: "pedal.done", source: .simulated(key: "p")),
            Input(id: "torque.nok", source: .openProtocol(host: "10.0.4.21", keepAliveSeconds: 8, result: .nok)),
            Input(id: "wheel.ok", source: .openProtocol(host: "fd00::7", port: 4711, result: .ok)),
        ]
        let controllers = [OpenProtocolSource.Controller].all(in: cell)
        #expect(controllers.map(\.address.description) == ["10.0.4.21:4545", "[fd00::7]:4711"])
        #expect(controllers.first?.inputs == TorqueControllerInputs(ok: "torque.ok", nok: "torque.nok"))
        #expect(controllers.first?.configuration.keepAlive == .seconds(8))
        #expect(controllers.last?.inputs == TorqueControllerInputs(ok: "wheel.ok"))
        #expect(controllers.last?.configuration.keepAlive == ControllerConfiguration().keepAlive)
    }
}
