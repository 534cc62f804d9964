import Glibc
import StepwiseTestSupport
import Testing
@testable import StepwiseOpenProtocol

/// The session over a real non-blocking socket against the simulated controller on 127.0.0.1.
@Suite(.serialized) struct ControllerOverTCPTests {
    func running(_ controller: OpenProtocolController, _ configure: (inout ControllerConfiguration) -> Void = { _ in })
        -> SocketDriver
    {
        var driver = SocketDriver(port: controller.port, configure: configure)
        driver.runUntilRunning()
        #expect(controller.wait { $0.subscribed })
        return driver
    }

    @Test func startsWithRevisionFallbackAndSubscribes() throws {
        var behaviour = OpenProtocolController.Behaviour()
        behaviour.startRevisions = 1...2
        let controller = try OpenProtocolController(behaviour: behaviour)
        defer { controller.stop() }
        var driver = SocketDriver(port: controller.port)
        driver.run { $0.contains(where: isReady) && controller.snapshot.subscribed }
        #expect(controller.snapshot.received.prefix(3).map(\.description) == ["1/3", "1/2", "60/1"])
        #expect(
            driver.actions.contains {
                if case .ready(let who) = $0 { who.revision == 2 && who.supplierCode == "SIM" } else { false }
            })
        #expect(faults(driver.actions).isEmpty)
        driver.finish()
    }

    @Test func resultsSplitJoinedAndAfterGarbageAllArrive() throws {
        let controller = try OpenProtocolController()
        defer { controller.stop() }
        var driver = running(controller)
        var first = SimulatedTightening()
        first.tighteningID = 101
        controller.send(OpenProtocolController.frame(mid: 61, revision: 1, data: first.data), splitAt: [7, 120])
        var second = first, third = first, fourth = first
        second.tighteningID = 102
        second.ok = false
        third.tighteningID = 103
        fourth.tighteningID = 104
        controller.send(
            OpenProtocolController.frame(mid: 61, revision: 1, data: second.data)
                + OpenProtocolController.frame(mid: 61, revision: 1, data: third.data))
        controller.send(
            Array("\u{1}\u{2}NOT A FRAME".utf8) + OpenProtocolController.frame(mid: 61, revision: 1, data: fourth.data))
        driver.run { results($0).count >= 4 }
        #expect(results(driver.actions).map(\.tighteningID) == [101, 102, 103, 104])
        #expect(results(driver.actions).map(\.isOK) == [true, false, true, true])
        #expect(
            count(driver.actions) { if case .log(let text) = $0 { text.contains("malformed") } else { false } } == 1)
        #expect(controller.wait { $0.resultAcknowledgements == 4 })
        #expect(faults(driver.actions).isEmpty)
        driver.finish()
    }

    @Test func toolCommandsReachTheController() throws {
        let controller = try OpenProtocolController()
        defer { controller.stop() }
        var driver = running(controller)
        driver.feed(.command(.selectParameterSet(7)))
        driver.feed(.command(.enable))
        driver.run { $0.contains(.commandDone(.enable)) }
        #expect(controller.snapshot.parameterSet == 7)
        #expect(controller.snapshot.toolEnabled == true)
        driver.feed(.command(.disable))
        driver.run { $0.contains(.commandDone(.disable)) }
        #expect(controller.snapshot.toolEnabled == false)
        driver.finish()
    }

    @Test func keepAliveKeepsAQuietConnectionUp() throws {
        let controller = try OpenProtocolController()
        defer { controller.stop() }
        var driver = running(controller)
        driver.run { _ in controller.snapshot.received.filter { $0.mid == 9999 }.count >= 3 }
        #expect(controller.snapshot.received.filter { $0.mid == 9999 }.count >= 3)
        #expect(faults(driver.actions).isEmpty)
        #expect(controller.snapshot.connections == 1)
        driver.finish()
    }

    @Test func aKeepAliveWithoutAnswerIsAFaultAndTheSessionReconnects() throws {
        let controller = try OpenProtocolController()
        defer { controller.stop() }
        var driver = running(controller)
        controller.update { $0.answersKeepAlive = false }
        driver.run { faults($0).count >= 1 }
        #expect(faults(driver.actions) == [.noAnswer(.keepAlive)])
        controller.update { $0.answersKeepAlive = true }
        driver.run { $0.contains(.faultCleared) }
        #expect(controller.snapshot.connections >= 2)
        driver.finish()
    }

    @Test func aSilentControllerIsAFault() throws {
        var behaviour = OpenProtocolController.Behaviour()
        behaviour.silent = true
        let controller = try OpenProtocolController(behaviour: behaviour)
        defer { controller.stop() }
        var driver = SocketDriver(port: controller.port)
        driver.run { _ in controller.snapshot.connections >= 3 }
        #expect(faults(driver.actions) == [.noAnswer(.communicationStart(revision: 3))])
        #expect(!driver.session.isRunning)
        driver.finish()
    }

    @Test func aSlowControllerWithinTheAnswerTimeIsNoFault() throws {
        var behaviour = OpenProtocolController.Behaviour()
        behaviour.answerDelay = .milliseconds(100)
        let controller = try OpenProtocolController(behaviour: behaviour)
        defer { controller.stop() }
        var driver = running(controller) { $0.answerTimeout = .seconds(2) }
        #expect(driver.session.isRunning)
        #expect(faults(driver.actions).isEmpty)
        driver.finish()
    }

    @Test func aDroppedConnectionIsAFaultThenClearedOnReconnect() throws {
        let controller = try OpenProtocolController()
        defer { controller.stop() }
        var driver = running(controller)
        controller.drop()
        driver.run { $0.contains(.faultCleared) }
        #expect(faults(driver.actions).count == 1)
        #expect(faults(driver.actions).allSatisfy { if case .connectionLost = $0 { true } else { false } })
        #expect(controller.snapshot.connections == 2 && controller.snapshot.subscribed)
        driver.finish()
    }

    @Test func aRefusedStartIsAFault() throws {
        var behaviour = OpenProtocolController.Behaviour()
        behaviour.refuseStartWith = 96
        let controller = try OpenProtocolController(behaviour: behaviour)
        defer { controller.stop() }
        var driver = SocketDriver(port: controller.port)
        driver.run { faults($0).count >= 1 }
        #expect(faults(driver.actions) == [.refused(CommandError(refused: .communicationStart, code: 96))])
        driver.finish()
    }

    @Test func anUnreachableControllerIsAFaultAndIsRetried() throws {
        // A port that was free a moment ago: nothing listens there.
        let controller = try OpenProtocolController()
        let port = controller.port
        controller.stop()
        usleep(50_000)
        var driver = SocketDriver(port: port)
        driver.run { count($0) { $0 == .connect } >= 3 }
        #expect(faults(driver.actions).count == 1)
        #expect(faults(driver.actions).allSatisfy { if case .unreachable = $0 { true } else { false } })
        driver.finish()
    }
}
