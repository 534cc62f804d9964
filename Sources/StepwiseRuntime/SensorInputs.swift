import StepwiseCore
import StepwiseDevices

/// The cell's real sensors on the event loop, whatever their kind: every `SensorSource`'s
/// descriptors are watched, its readings debounced where they are raw edges, and given their
/// meaning by the pure `SensorMeaning`. A device that cannot be opened is a fault, never a reason
/// not to start: the station goes on with confirm-by-hand.
package final class SensorInputs {
    let cell: Cell
    /// Variant codes and set ids: a reader line that is one of them is a scan, anything else a badge.
    let knownCodes: Set<String>
    /// The sources given at `init` (the benchmark's pipes, tests' fakes) instead of the cell's kinds.
    private var given: [any SensorSource]?
    package private(set) var sources: [any SensorSource] = []
    private var watches: [ObjectIdentifier: [WatchToken]] = [:]
    private var debouncers: [InputID: Debouncer] = [:]
    private var settleTimers: [InputID: TimerToken] = [:]
    /// Each source's armed `deadline` (sources that want time without a descriptor: keep-alives, reconnects).
    private var sourceTimers: [ObjectIdentifier: (at: MonotonicInstant, token: TimerToken)] = [:]
    private let clock = ClockOffset.measure()
    weak var loop: EventLoop?
    /// Faults found while opening; reported once at start.
    package internal(set) var openFaults: [DeviceFault] = []
    /// Each station event with the monotonic stamp of what caused it (an activation keeps its edge's).
    var onEvent: ((StationEvent, MonotonicInstant) -> Void)?
    var onBadge: ((String) -> Void)?
    /// Everything the sensors did, raw edges included (`stepwise monitor`); nil in the daemon.
    package var onObservation: ((SensorObservation) -> Void)?

    /// `edges` replaces the cell's GPIO lines (the benchmark drives the real path through pipes);
    /// `sources` replaces every kind of the cell.
    package init(
        cell: Cell, instructionSets: [InstructionSet], edges: (any EdgeSource)? = nil,
        sources: [any SensorSource]? = nil
    ) {
        self.cell = cell
        given = sources ?? edges.map { [EdgeSensorSource($0)] }
        knownCodes = Set(instructionSets.flatMap { set in [set.id.rawValue] + set.variants.compactMap(\.code) })
    }

    package func start(on loop: EventLoop) {
        self.loop = loop
        if let given {
            given.forEach(adopt)
        } else {
            for kind in SensorKind.all {
                switch kind.open(cell) {
                case nil: break
                case .success(let source)?: adopt(source)
                case .failure(let error)?:
                    let fault = DeviceFault(device: error.device, kind: kind.faultKind, message: error.message)
                    openFaults.append(fault)
                    observe(.fault(fault), from: kind.name, at: .now())
                }
            }
        }
        sources.forEach { receive($0.drain(), from: $0) }
    }

    package func close() {
        for timer in sourceTimers.values { loop?.cancel(timer.token) }
        sourceTimers = [:]
        sources.forEach { $0.close() }
    }

    private func adopt(_ source: any SensorSource) {
        sources.append(source)
        source.onDescriptorsChanged = { [weak self, weak source] in
            guard let self, let source else { return }
            self.watch(source)
        }
        watch(source)
    }

    /// (Re)watches the source's descriptors; a descriptor epoll refuses (a regular file faked by
    /// umockdev is one) is a fault, never a spin.
    private func watch(_ source: any SensorSource) {
        guard let loop else { return }
        let id = ObjectIdentifier(source)
        watches[id, default: []].forEach { loop.unwatch($0) }
        watches[id] = source.descriptors.compactMap { descriptor in
            do {
                return try loop.watch(fd: descriptor.fd, readable: descriptor.readable, writable: descriptor.writable) {
                    [weak self, weak source] in
                    guard let self, let source else { return }
                    self.receive(source.read(descriptor), from: source)
                }
            } catch {
                let fault = DeviceFault(
                    device: descriptor.subject, kind: source.faultKind, message: "cannot watch its descriptor: \(error)"
                )
                receive([SensorReading(at: .now(), .fault(fault))], from: source)
                return nil
            }
        }
    }

    private func receive(_ readings: [SensorReading], from source: any SensorSource) {
        rearm(source)
        for reading in readings {
            if case .edge(let input, let active) = reading.what {
                observe(.edge(rising: active), subject: input.rawValue, from: source.kind, at: reading.at, kernel: true)
                let changes = debouncers[input, default: debouncer(input)].feed(level: active, at: reading.at)
                apply(input, changes, from: source.kind)
                continue
            }
            let meaning = SensorMeaning.of(reading.what, cell: cell, knownCodes: knownCodes)
            let time = clock.wall(reading.at)
            onObservation?(
                SensorObservation(
                    time: time, source: .init(rawValue: source.kind), subject: reading.what.subject,
                    what: .reading(reading.what), meaning: meaning))
            switch meaning {
            case .event(let event): onEvent?(event, reading.at)
            case .badge(let badge): onBadge?(badge)
            case nil: break
            }
        }
    }

    /// Keeps the loop's timer on the source's `deadline`; called after every call into the source.
    private func rearm(_ source: any SensorSource) {
        let id = ObjectIdentifier(source)
        let wanted = source.deadline
        if let armed = sourceTimers[id] {
            guard armed.at != wanted else { return }
            loop?.cancel(armed.token)
            sourceTimers[id] = nil
        }
        guard let wanted, let loop else { return }
        let token = loop.schedule(at: wanted) { [weak self, weak source] in
            guard let self, let source else { return }
            self.sourceTimers[id] = nil
            self.receive(source.expire(at: .now()), from: source)
        }
        sourceTimers[id] = (wanted, token)
    }

    /// A new input's debouncer, with the cell's debounce and stuck times for it.
    private func debouncer(_ input: InputID) -> Debouncer {
        let config = cell.input(input)
        return Debouncer(
            debounceMilliseconds: config?.debounceMilliseconds ?? 10, stuckAfterSeconds: config?.stuckAfterSeconds)
    }

    /// Applies debounced changes and re-arms the input's settle deadline.
    private func apply(_ input: InputID, _ changes: [Debouncer.Change], from kind: String) {
        for change in changes {
            let meaning = SensorMeaning.of(change, input: input, wall: clock.wall)
            // An activation keeps the stamp of the edge that began it; faults are news now.
            let stamp: MonotonicInstant
            if case .activated(let at) = change { stamp = at } else { stamp = .now() }
            onObservation?(
                SensorObservation(
                    time: clock.wall(stamp), kernelTime: change.instant, source: .init(rawValue: kind),
                    subject: input.rawValue, what: .debounced(change), meaning: meaning))
            if case .event(let event) = meaning { onEvent?(event, stamp) }
        }
        if let token = settleTimers.removeValue(forKey: input) { loop?.cancel(token) }
        guard let deadline = debouncers[input]?.nextDeadline, let loop else { return }
        settleTimers[input] = loop.schedule(at: deadline) { [weak self] in
            guard let self else { return }
            self.settleTimers[input] = nil
            self.apply(input, self.debouncers[input]?.settle(at: deadline) ?? [], from: kind)
        }
    }

    private func observe(
        _ what: SensorObservation.What, subject: String? = nil, from kind: String, at: MonotonicInstant,
        kernel: Bool = false
    ) {
        guard let onObservation else { return }
        let subject: String =
            if let subject { subject } else if case .fault(let fault) = what { fault.device } else { kind }
        var meaning: SensorMeaning?
        if case .fault(let fault) = what { meaning = .event(.fault(fault)) }
        onObservation(
            SensorObservation(
                time: clock.wall(at), kernelTime: kernel ? at : nil, source: .init(rawValue: kind), subject: subject,
                what: what, meaning: meaning))
    }
}

extension Debouncer.Change {
    /// The monotonic instant the change refers to.
    var instant: MonotonicInstant {
        switch self {
        case .activated(let at), .deactivated(let at), .released(let at): at
        case .stuck(let since): since
        }
    }
}
