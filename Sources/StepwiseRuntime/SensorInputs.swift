import StepwiseCore
import StepwiseDevices

/// The cell's real sensors on the event loop: GPIO lines (kernel-timestamped edges through a
/// debouncer per input) and USB devices (libusb's descriptors). A device that cannot be opened
/// is a fault, never a reason not to start: the station goes on with confirm-by-hand. What each
/// report means is decided by the pure `SensorMeaning`.
final class SensorInputs {
    let cell: Cell
    /// Variant codes and set ids: a reader line that is one of them is a scan, anything else a badge.
    let knownCodes: Set<String>
    /// The GPIO lines, or the edge source given at `init` (the render benchmark's pipes).
    private var gpio: (any EdgeSource)?
    var usb: USBInputs?
    private var debouncers: [InputID: Debouncer] = [:]
    private var settleTimers: [InputID: TimerToken] = [:]
    var usbWatches: [WatchToken] = []
    private let clock = ClockOffset.measure()
    weak var loop: EventLoop?
    /// Faults found while opening; reported once at start.
    var openFaults: [DeviceFault] = []
    var onEvent: ((StationEvent, Instant) -> Void)?
    var onBadge: ((String) -> Void)?
    /// Everything the sensors did, raw edges included (`stepwise monitor`); nil in the daemon.
    var onObservation: ((SensorObservation) -> Void)?

    /// `edges` replaces the cell's GPIO lines (the benchmark drives the real path through pipes).
    init(cell: Cell, instructionSets: [InstructionSet], edges: (any EdgeSource)? = nil) {
        self.cell = cell
        gpio = edges
        knownCodes = Set(instructionSets.flatMap { set in [set.id.rawValue] + set.variants.compactMap(\.code) })
    }

    func start(on loop: EventLoop) {
        self.loop = loop
        openGPIO(on: loop)
        openUSB(on: loop)
    }

    func close() {
        gpio?.close()
        usb?.close()
    }

    // MARK: GPIO

    private func openGPIO(on loop: EventLoop) {
        let requests = GPIOLineRequest.inputs(of: cell)
        guard !requests.isEmpty else { return }
        let opened: Result<any EdgeSource, DeviceError> =
            gpio.map { .success($0) } ?? GPIOInputs.open(requests).map { $0 }
        switch opened {
        case .failure(let error):
            openFaults.append(DeviceFault(device: error.device, kind: .sensor, message: error.message))
        case .success(let inputs):
            gpio = inputs
            for (fd, input) in inputs.descriptors {
                let config = cell.input(input)
                debouncers[input] = Debouncer(
                    debounceMilliseconds: config?.debounceMilliseconds ?? 10,
                    stuckAfterSeconds: config?.stuckAfterSeconds)
                do {
                    _ = try loop.watch(fd: fd) { [weak self] in self?.readGPIO(input) }
                } catch {
                    openFaults.append(DeviceFault(device: "\(input)", kind: .sensor, message: "\(error)"))
                }
            }
        }
    }

    private func readGPIO(_ input: InputID) {
        guard let gpio else { return }
        switch gpio.readEvents(input: input) {
        case .failure(let error):
            let fault = DeviceFault(device: error.device, kind: .sensor, message: error.message)
            onObservation?(
                SensorObservation(
                    time: WallClock.now(), source: .gpio, subject: input.rawValue,
                    what: .fault(fault), meaning: .event(.fault(fault))))
            onEvent?(.fault(fault), WallClock.now())
        case .success(let edges):
            for edge in edges {
                let at = MonotonicInstant(nanoseconds: edge.timestampNanoseconds)
                onObservation?(
                    SensorObservation(
                        time: clock.wall(at), kernelTime: at, source: .gpio,
                        subject: input.rawValue, what: .edge(rising: edge.rising)))
                apply(input, debouncers[input]?.feed(level: edge.rising, at: at) ?? [])
            }
        }
    }

    /// Applies debounced changes and re-arms the input's settle deadline.
    private func apply(_ input: InputID, _ changes: [Debouncer.Change]) {
        for change in changes {
            let meaning = SensorMeaning.of(change, input: input, wall: clock.wall)
            // An activation keeps the kernel's stamp of the edge that began it; faults are news now.
            let time: Instant
            if case .activated(let at) = change { time = clock.wall(at) } else { time = WallClock.now() }
            onObservation?(
                SensorObservation(
                    time: time, kernelTime: change.instant, source: .gpio,
                    subject: input.rawValue, what: .debounced(change), meaning: meaning))
            if case .event(let event) = meaning { onEvent?(event, time) }
        }
        if let token = settleTimers.removeValue(forKey: input) { loop?.cancel(token) }
        guard let deadline = debouncers[input]?.nextDeadline, let loop else { return }
        settleTimers[input] = loop.schedule(at: deadline) { [weak self] in
            guard let self else { return }
            self.settleTimers[input] = nil
            self.apply(input, self.debouncers[input]?.settle(at: deadline) ?? [])
        }
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
