extension ControllerSession {
    mutating func receive(_ bytes: [UInt8], _ now: MonotonicTime) -> [ControllerAction] {
        switch state {
        case .starting, .subscribing, .running: break
        default: return []  // bytes racing a close: the connection they came on is gone
        }
        var actions: [ControllerAction] = []
        for result in decoder.feed(bytes) {
            switch result {
            case .failure(let error):
                actions += malformed("\(error)", now)
            case .success(let frame):
                malformedInARow = 0
                actions += received(frame, now)
            }
            if state == .backingOff || state == .stopped { break }  // dropped: ignore the rest of this read
        }
        return actions
    }

    /// A malformed frame is logged; several in a row mean the stream cannot be trusted, so the connection is made again.
    mutating func malformed(_ why: String, _ now: MonotonicTime) -> [ControllerAction] {
        malformedInARow += 1
        guard malformedInARow >= configuration.malformedFramesBeforeReconnect else {
            return [.log("malformed frame: \(why)")]
        }
        return [.log("malformed frame: \(why)")] + drop(.garbled(why), now)
    }

    mutating func received(_ frame: OpenProtocolFrame, _ now: MonotonicTime) -> [ControllerAction] {
        switch frame.mid {
        case .communicationStartAcknowledge: return startAcknowledged(frame, now)
        case .commandError: return refused(frame, now)
        case .commandAccepted: return accepted(frame, now)
        case .lastResult: return result(frame, now)
        case .keepAlive:
            guard inFlight?.request == .keepAlive else { return [] }
            return answered(now) + pump(now)
        default:
            return [.log("ignored \(frame)")]
        }
    }

    /// Clears the request in flight and its answer timer.
    mutating func answered(_ now: MonotonicTime) -> [ControllerAction] {
        inFlight = nil
        return cancel(.answer)
    }

    mutating func startAcknowledged(_ frame: OpenProtocolFrame, _ now: MonotonicTime) -> [ControllerAction] {
        guard case .starting = state, case .communicationStart? = inFlight?.request else {
            return [.log("ignored an unasked \(frame)")]
        }
        let identity: CommunicationStartAcknowledge
        do { identity = try CommunicationStartAcknowledge(frame: frame) } catch {
            return [.log("malformed frame: \(error)")] + drop(.garbled("\(error)"), now)
        }
        state = .subscribing(revisionIndex: 0)
        return answered(now) + [.ready(identity)] + send(.subscribeLastResult(revision: resultRevision(0)), now)
    }

    mutating func accepted(_ frame: OpenProtocolFrame, _ now: MonotonicTime) -> [ControllerAction] {
        guard let accepted = try? CommandAccepted(frame: frame), let pending = inFlight,
            pending.request.mid == accepted.accepted
        else {
            return malformedOrUnasked(frame, now)
        }
        var actions = answered(now)
        if case .subscribing = state {
            state = .running
            attempts = 0
            if fault != nil {
                fault = nil
                actions.append(.faultCleared)
            }
            // A new connection knows nothing of what the station asked before: say it again.
            if let set = wantedParameterSet {
                outbox.insert(Pending(request: .selectParameterSet(set), command: .selectParameterSet(set)), at: 0)
            }
            if let enabled = wantedToolEnabled {
                let command: ToolCommand = enabled ? .enable : .disable
                outbox.insert(Pending(request: command.request, command: command), at: min(outbox.count, 1))
            }
        } else if let command = pending.command {
            actions.append(.commandDone(command))
        }
        return actions + pump(now)
    }

    mutating func refused(_ frame: OpenProtocolFrame, _ now: MonotonicTime) -> [ControllerAction] {
        guard let error = try? CommandError(frame: frame), let pending = inFlight, pending.request.mid == error.refused
        else {
            return malformedOrUnasked(frame, now)
        }
        var actions = answered(now)
        switch state {
        case .starting(let index):
            guard error.code == CommandError.revisionUnsupported, index + 1 < configuration.startRevisions.count else {
                return actions + drop(.refused(error), now)
            }
            state = .starting(revisionIndex: index + 1)
            actions.append(
                .log(
                    "controller does not know MID 0001 rev \(startRevision(index)); asking for rev \(startRevision(index + 1))"
                ))
            return actions + send(.communicationStart(revision: startRevision(index + 1)), now)
        case .subscribing(let index):
            guard error.code == CommandError.revisionUnsupported, index + 1 < configuration.resultRevisions.count else {
                return actions + drop(.refused(error), now)
            }
            state = .subscribing(revisionIndex: index + 1)
            actions.append(
                .log(
                    "controller does not know MID 0060 rev \(resultRevision(index)); asking for rev \(resultRevision(index + 1))"
                ))
            return actions + send(.subscribeLastResult(revision: resultRevision(index + 1)), now)
        default:
            if let command = pending.command { actions.append(.commandRefused(command, error)) }
            return actions + pump(now)
        }
    }

    mutating func malformedOrUnasked(_ frame: OpenProtocolFrame, _ now: MonotonicTime) -> [ControllerAction] {
        do {
            if frame.mid == .commandError {
                _ = try CommandError(frame: frame)
            } else {
                _ = try CommandAccepted(frame: frame)
            }
            return [.log("ignored an unasked \(frame)")]
        } catch {
            return malformed("\(error)", now)
        }
    }

    mutating func result(_ frame: OpenProtocolFrame, _ now: MonotonicTime) -> [ControllerAction] {
        var actions: [ControllerAction]
        do {
            actions = [.deliver(try TighteningResult(frame: frame))]
        } catch {
            actions = malformed("\(error)", now)
            if state == .backingOff { return actions }
        }
        // Acknowledged even when unreadable: the controller holds the next result until it sees 0062.
        if !frame.noAcknowledge { actions += send(.acknowledgeLastResult, now) }
        return actions
    }
}
