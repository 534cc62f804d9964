import Foundation
import Glibc

extension OpenProtocolController {
    /// The controller's loop: accept, read and answer, write what is due; polls every few milliseconds so script
    /// calls from the test thread take effect promptly.
    func serve() {
        var client: Int32 = -1
        var inbound: [UInt8] = []
        defer {
            if client >= 0 { close(client) }
            close(listener)
        }
        while !shared.withLock({ $0.stopping }) {
            var fds = [
                pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                pollfd(fd: client, events: Int16(POLLIN), revents: 0),
            ]
            _ = poll(&fds, 2, 5)
            if fds[0].revents & Int16(POLLIN) != 0 {
                let accepted = accept(listener, nil, nil)
                if accepted >= 0 {
                    if client >= 0 { close(client) }  // the newest client wins; the old one sees its connection end
                    client = accepted
                    inbound = []
                    shared.withLock {
                        $0.snapshot.connections += 1
                        $0.snapshot.connected = true
                        $0.snapshot.subscribed = false
                        $0.outgoing = []
                    }
                }
            }
            if client >= 0, fds[1].revents != 0 {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = read(client, &chunk, chunk.count)
                if count <= 0 {
                    disconnect(&client)
                    continue
                }
                inbound += chunk[0..<count]
                answerFrames(in: &inbound)
            }
            if client >= 0 { writeDue(to: client) }
            if client >= 0, shared.withLock({ $0.dropRequested && $0.outgoing.isEmpty }) { disconnect(&client) }
        }
    }

    private func disconnect(_ client: inout Int32) {
        close(client)
        client = -1
        shared.withLock {
            $0.snapshot.connected = false
            $0.dropRequested = false
            $0.outgoing = []
        }
    }

    private func writeDue(to client: Int32) {
        let now = ContinuousClock.now
        while let bytes = shared.withLock({ shared -> [UInt8]? in
            guard let first = shared.outgoing.first, first.at <= now else { return nil }
            return shared.outgoing.removeFirst().bytes
        }) {
            _ = bytes.withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
    }

    /// Cuts complete frames (length header, then up to the NUL) off `inbound` and answers each.
    private func answerFrames(in inbound: inout [UInt8]) {
        while inbound.count >= 20 {
            guard let length = Int(String(decoding: inbound[0..<4], as: UTF8.self)), length >= 20 else {
                inbound = []  // a client that sends garbage gets nothing back, as from a real controller
                return
            }
            guard inbound.count > length else { return }
            let mid = Int(String(decoding: inbound[4..<8], as: UTF8.self)) ?? -1
            let revisionText = String(decoding: inbound[8..<11], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            let revision = max(Int(revisionText) ?? 1, 1)
            let data = String(decoding: inbound[20..<length], as: UTF8.self)
            inbound.removeFirst(length + 1)
            answer(Received(mid: mid, revision: revision, data: data))
        }
    }

    private func answer(_ request: Received) {
        shared.withLock { shared in
            shared.snapshot.received.append(request)
            let behaviour = shared.behaviour
            guard !behaviour.silent else { return }
            func reply(_ mid: Int, _ revision: Int = 1, _ data: String) {
                shared.outgoing.append(
                    (
                        ContinuousClock.now.advanced(by: behaviour.answerDelay),
                        Self.frame(mid: mid, revision: revision, data: data)
                    ))
            }
            func accept() { reply(5, 1, Self.digits(request.mid, 4)) }
            func refuse(_ code: Int) { reply(4, 1, Self.digits(request.mid, 4) + Self.digits(code, 2)) }
            switch request.mid {
            case 1:
                if let code = behaviour.refuseStartWith {
                    refuse(code)
                } else if behaviour.startRevisions.contains(request.revision) {
                    reply(2, request.revision, Self.startData(request.revision))
                } else {
                    refuse(97)
                }
            case 3: accept()
            case 18:
                shared.snapshot.parameterSet = Int(request.data)
                accept()
            case 42, 43:
                shared.snapshot.toolEnabled = request.mid == 43
                accept()
            case 60:
                if behaviour.resultRevisions.contains(request.revision) {
                    shared.snapshot.subscribed = true
                    accept()
                } else {
                    refuse(97)
                }
            case 62: shared.snapshot.resultAcknowledgements += 1
            case 63:
                shared.snapshot.subscribed = false
                accept()
            case 9999: if behaviour.answersKeepAlive { reply(9999, 1, "") }
            default: refuse(99)
            }
        }
    }

    /// MID 0002 data for `revision`: cell, channel, name; supplier code from 2; versions from 3.
    static func startData(_ revision: Int) -> String {
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: width - text.count) }
        var data = "010001" + "0201" + "03" + pad("Simulated PF", 25)
        if revision >= 2 { data += "04" + "SIM" }
        if revision >= 3 { data += "05" + pad("2.16.0", 19) + "06" + pad("C 1.0", 19) + "07" + pad("T 1.0", 19) }
        return data
    }
}
