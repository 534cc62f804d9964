extension ControllerSession {
    /// Feeds one event that happened at `now` and returns what the runtime must do, in order.
    public mutating func handle(_ event: ControllerEvent, at now: MonotonicTime) -> [ControllerAction] {
        switch event {
        case .start:
            guard state == .idle || state == .stopped else { return [] }
            return beginConnect(now)
        case .connected:
            guard state == .connecting else { return [] }
            deadlines[.connect] = nil
            decoder = FrameDecoder()
            malformedInARow = 0
            state = .starting(revisionIndex: 0)
            return [.cancel(.connect)] + send(.communicationStart(revision: startRevision(0)), now)
        case .connectFailed(let why):
            guard state == .connecting else { return [] }
            return drop(.unreachable(why), now)
        case .bytesReceived(let bytes):
            return receive(bytes, now)
        case .timerFired(let timer):
            return timerFired(timer, now)
        case .disconnected(let why):
            switch state {
            case .connecting: return drop(.unreachable(why), now)
            case .starting, .subscribing, .running: return drop(.connectionLost(why), now)
            case .idle, .backingOff, .stopped: return []
            }
        case .command(let command):
            return apply(command, now)
        case .stop:
            return stop(now)
        }
    }

    func startRevision(_ index: Int) -> Int {
        configuration.startRevisions.indices.contains(index) ? configuration.startRevisions[index] : 1
    }
    func resultRevision(_ index: Int) -> Int {
        configuration.resultRevisions.indices.contains(index) ? configuration.resultRevisions[index] : 1
    }

    mutating func beginConnect(_ now: MonotonicTime) -> [ControllerAction] {
        state = .connecting
        return [.connect] + arm(.connect, now.advanced(by: configuration.connectTimeout))
    }

    mutating func arm(_ timer: ControllerTimer, _ at: MonotonicTime) -> [ControllerAction] {
        deadlines[timer] = at
        return [.arm(timer, at: at)]
    }

    mutating func cancel(_ timer: ControllerTimer) -> [ControllerAction] {
        deadlines.removeValue(forKey: timer) == nil ? [] : [.cancel(timer)]
    }

    /// Sends `request`; every request but 0062 waits for an answer, so it becomes the one in flight.
    mutating func send(_ request: ControllerRequest, command: ToolCommand? = nil, _ now: MonotonicTime)
        -> [ControllerAction]
    {
        let bytes: [UInt8]
        do {
            bytes = try request.encoded(station: configuration.station, spindle: configuration.spindle)
        } catch {
            // Only a bad parameter set number or a bad station/spindle id gets here: the cell's mistake, not the
            // controller's. A command is refused; anything else could never be sent, so the session must not wait.
            if let command {
                return [.commandRefused(command, CommandError(refused: request.mid, code: 0)), .log("\(error)")]
                    + pump(now)
            }
            return drop(.misconfigured("\(error)"), now)
        }
        var actions: [ControllerAction] = [.send(bytes, request)]
        if request != .acknowledgeLastResult {
            inFlight = Pending(request: request, command: command)
            actions += arm(.answer, now.advanced(by: configuration.answerTimeout))
        }
        return actions + arm(.keepAlive, now.advanced(by: configuration.keepAlive))
    }

    /// Sends the next queued command when nothing is in flight and the session is running.
    mutating func pump(_ now: MonotonicTime) -> [ControllerAction] {
        guard state == .running, inFlight == nil, !outbox.isEmpty else { return [] }
        let next = outbox.removeFirst()
        return send(next.request, command: next.command, now)
    }

    mutating func apply(_ command: ToolCommand, _ now: MonotonicTime) -> [ControllerAction] {
        switch command {
        case .enable: wantedToolEnabled = true
        case .disable: wantedToolEnabled = false
        case .selectParameterSet(let set): wantedParameterSet = set
        }
        guard state == .running else { return [] }  // applied when the connection is up again
        outbox.append(Pending(request: command.request, command: command))
        return pump(now)
    }

    /// Reports `fault` (once), closes the connection and arms the reconnect after a backoff.
    mutating func drop(_ fault: ControllerFault, _ now: MonotonicTime) -> [ControllerAction] {
        var actions: [ControllerAction] = []
        if self.fault != fault {
            self.fault = fault
            actions.append(.fault(fault))
        } else {
            actions.append(.log("still: \(fault)"))
        }
        actions.append(.close)
        for timer in [ControllerTimer.connect, .keepAlive, .answer] { actions += cancel(timer) }
        inFlight = nil
        outbox.removeAll()
        state = .backingOff
        let delay = configuration.backoff.delay(attempt: attempts, using: &random)
        attempts += 1
        return actions + arm(.reconnect, now.advanced(by: .nanoseconds(Int64(clamping: delay))))
    }

    mutating func timerFired(_ timer: ControllerTimer, _ now: MonotonicTime) -> [ControllerAction] {
        // A stale or early fire (the runtime raced a re-arm) is ignored: the stored deadline is the truth.
        guard let deadline = deadlines[timer], now >= deadline else { return [] }
        deadlines[timer] = nil
        switch timer {
        case .connect:
            return state == .connecting
                ? drop(.unreachable("no connection within \(configuration.connectTimeout)"), now) : []
        case .answer:
            guard let pending = inFlight else { return [] }
            return drop(.noAnswer(pending.request), now)
        case .keepAlive:
            switch state {
            case .starting, .subscribing, .running:
                if inFlight == nil { return send(.keepAlive, now) }
                return arm(.keepAlive, now.advanced(by: configuration.keepAlive))
            default: return []
            }
        case .reconnect:
            return state == .backingOff ? beginConnect(now) : []
        }
    }

    mutating func stop(_ now: MonotonicTime) -> [ControllerAction] {
        var actions: [ControllerAction] = []
        switch state {
        case .starting, .subscribing, .running:
            if let bytes = try? ControllerRequest.communicationStop.encoded(
                station: configuration.station, spindle: configuration.spindle)
            {
                actions.append(.send(bytes, .communicationStop))
            }
            actions.append(.close)
        case .connecting: actions.append(.close)
        case .idle, .backingOff, .stopped: break
        }
        for timer in ControllerTimer.allCases { actions += cancel(timer) }
        inFlight = nil
        outbox.removeAll()
        state = .stopped
        return actions
    }
}
