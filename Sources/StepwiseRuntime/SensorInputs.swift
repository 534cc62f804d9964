import StepwiseCore
import StepwiseDevices

/// The cell's real sensors on the event loop: GPIO lines (kernel-timestamped edges through a
/// debouncer per input) and USB devices (libusb's descriptors). A device that cannot be opened
/// is a fault, never a reason not to start: the station goes on with confirm-by-hand.
final class SensorInputs {
    let cell: Cell
    /// Variant codes and set ids: a reader line that is one of them is a scan, anything else a badge.
    let knownCodes: Set<String>
    private var gpio: GPIOInputs?
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

    init(cell: Cell, instructionSets: [InstructionSet]) {
        self.cell = cell
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
        switch GPIOInputs.open(requests) {
        case .failure(let error): openFaults.append(DeviceFault(device: error.device, kind: .sensor, message: error.message))
        case .success(let inputs):
            gpio = inputs
            for (fd, input) in inputs.descriptors {
                let config = cell.input(input)
                debouncers[input] = Debouncer(
                    debounceMilliseconds: config?.debounceMilliseconds ?? 10, stuckAfterSeconds: config?.stuckAfterSeconds)
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
            onEvent?(.fault(DeviceFault(device: error.device, kind: .sensor, message: error.message)), WallClock.now())
        case .success(let edges):
            for edge in edges {
                let at = MonotonicInstant(nanoseconds: edge.timestampNanoseconds)
                apply(input, debouncers[input]?.feed(level: edge.rising, at: at) ?? [])
            }
        }
    }

    /// Applies debounced changes and re-arms the input's settle deadline.
    private func apply(_ input: InputID, _ changes: [Debouncer.Change]) {
        for change in changes {
            switch change {
            case .activated(let at): onEvent?(.activated(input), clock.wall(at))
            case .deactivated: break
            case .stuck(let since):
                onEvent?(.fault(DeviceFault(device: "\(input)", kind: .sensor,
                    message: "active since \(clock.wall(since)) — stuck sensor or a part left in the beam?")), WallClock.now())
            case .released: onEvent?(.faultCleared(device: "\(input)"), WallClock.now())
            }
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
