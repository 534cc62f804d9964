import StepwiseTestSupport
import Testing
@testable import StepwiseOpenProtocol

@Suite struct ControllerSessionTests {
    @Test func handshakeAsksForTheHighestRevisionThenSubscribes() {
        var h = SessionHarness()
        let start = h.handle(.start)
        #expect(start.first == .connect)
        #expect(requests(h.handle(.connected)) == [.communicationStart(revision: 3)])
        let started = h.reply(2, revision: 3, OpenProtocolController.startData(3))
        #expect(
            started.contains {
                if case .ready(let who) = $0 {
                    who.controllerName == "Bench PF" && who.toolSoftwareVersion == "T 1.0"
                } else {
                    false
                }
            })
        #expect(requests(started) == [.subscribeLastResult(revision: 1)])
        h.reply(5, "0060")
        #expect(h.session.isRunning)
    }

    @Test func fallsBackToALowerRevisionOnError97() {
        var h = SessionHarness()
        h.handle(.start)
        h.handle(.connected)
        #expect(requests(h.reply(4, "000197")) == [.communicationStart(revision: 2)])
        #expect(requests(h.reply(4, "000197")) == [.communicationStart(revision: 1)])
        #expect(requests(h.reply(2, OpenProtocolController.startData(1))) == [.subscribeLastResult(revision: 1)])
    }

    @Test func fallsBackOnTheSubscriptionToo() {
        var h = SessionHarness { $0.resultRevisions = [2, 1] }
        h.handle(.start)
        h.handle(.connected)
        #expect(
            requests(h.reply(2, revision: 3, OpenProtocolController.startData(3))) == [
                .subscribeLastResult(revision: 2)
            ])
        #expect(requests(h.reply(4, "006097")) == [.subscribeLastResult(revision: 1)])
        h.reply(5, "0060")
        #expect(h.session.isRunning)
    }

    @Test func aControllerThatRefusesEveryRevisionIsAFaultAndARetry() {
        var h = SessionHarness { $0.startRevisions = [2, 1] }
        h.handle(.start)
        h.handle(.connected)
        h.reply(4, "000197")
        let refused = h.reply(4, "000197")
        #expect(faults(refused) == [.refused(CommandError(refused: .communicationStart, code: 97))])
        #expect(refused.contains(.close))
        #expect(h.session.deadline(.reconnect) != nil)
        #expect(h.fire(.reconnect).first == .connect)
    }

    @Test func clientAlreadyConnectedIsAFault() {
        var h = SessionHarness()
        h.handle(.start)
        h.handle(.connected)
        #expect(faults(h.reply(4, "000196")) == [.refused(CommandError(refused: .communicationStart, code: 96))])
    }

    @Test func keepAliveGoesOutAfterTenQuietSecondsAndItsAnswerIsAwaited() {
        var h = SessionHarness()
        _ = h.startRunning()
        let armed = h.session.deadline(.keepAlive)!
        #expect(armed == h.now.advanced(by: .seconds(10)))
        h.advance(by: .seconds(9))
        #expect(h.handle(.timerFired(.keepAlive)).isEmpty)  // early: ignored
        #expect(requests(h.fire(.keepAlive)) == [.keepAlive])
        #expect(h.session.deadline(.answer) == h.now.advanced(by: .seconds(5)))
        h.reply(9999)
        #expect(h.session.deadline(.answer) == nil)
        #expect(requests(h.fire(.keepAlive)) == [.keepAlive])
    }

    @Test func anUnansweredKeepAliveIsAFaultThenAReconnectThenFaultCleared() {
        var h = SessionHarness()
        _ = h.startRunning()
        h.fire(.keepAlive)
        let dead = h.fire(.answer)
        #expect(faults(dead) == [.noAnswer(.keepAlive)])
        #expect(dead.contains(.close))
        #expect(!h.session.isRunning)
        let again =
            h.fire(.reconnect) + h.handle(.connected) + h.reply(2, revision: 3, OpenProtocolController.startData(3))
            + h.reply(5, "0060")
        #expect(again.contains(.faultCleared))
        #expect(h.session.isRunning)
    }

    @Test func aSilentControllerFaultsOnceAcrossRetriesAndBacksOffWithACap() {
        var h = SessionHarness { $0.backoff = ReconnectBackoff(initial: .seconds(1), cap: .seconds(8)) }
        h.handle(.start)
        var reported: [ControllerFault] = []
        var waits: [UInt64] = []
        for _ in 0..<8 {
            reported += faults(h.handle(.connected) + h.fire(.answer))
            let from = h.now
            h.fire(.reconnect)
            waits.append(h.now.nanoseconds - from.nanoseconds)
        }
        #expect(reported == [.noAnswer(.communicationStart(revision: 3))])
        let second: UInt64 = 1_000_000_000
        for (attempt, wait) in waits.enumerated() {
            let span = min(second << UInt64(attempt), 8 * second)
            #expect(wait >= span / 2 && wait <= span, "attempt \(attempt) waited \(wait) ns")
        }
    }

    @Test func resultsAreDeliveredAndAcknowledged() {
        var h = SessionHarness()
        _ = h.startRunning()
        var tightening = SimulatedTightening()
        tightening.ok = false
        tightening.torqueHundredths = 900
        let actions = h.reply(61, tightening.data)
        #expect(results(actions).map(\.isOK) == [false])
        #expect(results(actions).first?.torqueStatus == .low)
        #expect(requests(actions) == [.acknowledgeLastResult])
        #expect(h.session.deadline(.answer) == nil)  // 0062 has no answer to wait for
    }

    @Test func commandsGoOutOneAtATimeAndAreConfirmed() {
        var h = SessionHarness()
        _ = h.startRunning()
        #expect(requests(h.handle(.command(.selectParameterSet(7)))) == [.selectParameterSet(7)])
        #expect(requests(h.handle(.command(.enable))).isEmpty)  // waits for 0005 of 0018
        let accepted = h.reply(5, "0018")
        #expect(accepted.contains(.commandDone(.selectParameterSet(7))))
        #expect(requests(accepted) == [.enableTool])
        let refused = h.reply(4, "004315")
        #expect(refused.contains(.commandRefused(.enable, CommandError(refused: .enableTool, code: 15))))
    }

    @Test func whatTheStationAskedIsAppliedAgainAfterAReconnect() {
        var h = SessionHarness()
        h.handle(.command(.disable))  // before the connection: remembered
        h.handle(.command(.selectParameterSet(3)))
        let running = h.startRunning()
        #expect(requests(running).last == .selectParameterSet(3))
        #expect(requests(h.reply(5, "0018")) == [.disableTool])
        h.reply(5, "0042")
        h.handle(.command(.enable))
        h.reply(5, "0043")
        h.handle(.disconnected("connection reset by peer"))
        h.fire(.reconnect)
        let again =
            h.handle(.connected) + h.reply(2, revision: 3, OpenProtocolController.startData(3)) + h.reply(5, "0060")
            + h.reply(5, "0018")
        #expect(requests(again).suffix(2) == [.selectParameterSet(3), .enableTool])
    }

    @Test func garbageIsLoggedAndRepeatedGarbageReconnects() {
        var h = SessionHarness()
        _ = h.startRunning()
        let once = h.handle(.bytesReceived(Array("garbage".utf8) + [0]))
        #expect(faults(once).isEmpty)
        #expect(once.contains { if case .log(let text) = $0 { text.contains("malformed") } else { false } })
        h.reply(9999)  // a good frame resets the count
        var all: [ControllerAction] = []
        for _ in 0..<3 { all += h.handle(.bytesReceived(Array("0030XXXX".utf8) + [0])) }
        #expect(faults(all).count == 1)
        #expect(all.contains(.close))
    }

    @Test func aLostConnectionAndAnUnreachableControllerAreFaults() {
        var h = SessionHarness()
        h.handle(.start)
        #expect(faults(h.handle(.connectFailed("connection refused"))) == [.unreachable("connection refused")])
        h.fire(.reconnect)
        #expect(faults(h.fire(.connect)).count == 1)  // connect timeout: a different reason, reported
        _ = h.fire(.reconnect)
        h.handle(.connected)
        #expect(faults(h.handle(.disconnected("end of stream"))) == [.connectionLost("end of stream")])
    }

    @Test func settingsThatDoNotFitAFrameAreAFaultNotAHang() {
        var h = SessionHarness { $0.station = 100 }
        h.handle(.start)
        let actions = h.handle(.connected)
        #expect(faults(actions).count == 1)
        #expect(faults(actions).allSatisfy { if case .misconfigured = $0 { true } else { false } })
        #expect(h.session.deadline(.reconnect) != nil)
    }

    @Test func anUnreadableParameterSetIsRefusedNotSent() {
        var h = SessionHarness()
        _ = h.startRunning()
        h.handle(.command(.disable))
        let queued = h.handle(.command(.selectParameterSet(1000))) + h.handle(.command(.enable))
        #expect(requests(queued).isEmpty)  // both wait for the answer to 0042
        let actions = h.reply(5, "0042")
        #expect(requests(actions) == [.enableTool])  // the refused one does not stall the queue
        #expect(
            actions.contains(
                .commandRefused(.selectParameterSet(1000), CommandError(refused: .selectParameterSet, code: 0))))
        #expect(h.session.isRunning)
    }

    @Test func stopSaysGoodbyeAndArmsNothing() {
        var h = SessionHarness()
        _ = h.startRunning()
        let stop = h.handle(.stop)
        #expect(requests(stop) == [.communicationStop])
        #expect(stop.contains(.close))
        #expect(h.session.nextDeadline == nil)
        #expect(h.handle(.disconnected("closed")).isEmpty)
    }
}
