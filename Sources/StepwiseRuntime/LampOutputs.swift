import StepwiseCore
import StepwiseDevices

/// The cell's outputs (pick-to-light lamps, tool enable): GPIO lines where wired, remembered
/// state for simulated ones. Only changes are written.
public final class LampOutputs {
    private var gpio: GPIOOutputs?
    public private(set) var lit: Set<OutputID> = []
    /// Faults found when opening the lines; the runtime reports them once.
    public private(set) var openFaults: [DeviceFault] = []
    /// Called when the set of lit outputs changes (console echo for simulated cells).
    public var onChange: ((Set<OutputID>) -> Void)?

    public init(cell: Cell) {
        let requests = GPIOLineRequest.outputs(of: cell)
        guard !requests.isEmpty else { return }
        switch GPIOOutputs.open(requests) {
        case .success(let outputs): gpio = outputs
        case .failure(let error):
            openFaults = [DeviceFault(device: error.device, kind: .output, message: error.message)]
        }
    }

    /// Lights exactly `on`; returns faults of lines that could not be written.
    @discardableResult
    public func set(_ on: Set<OutputID>) -> [DeviceFault] {
        guard on != lit else { return [] }
        lit = on
        onChange?(on)
        return gpio?.set(on) ?? []
    }

    public func close() {
        _ = gpio?.set([])
        gpio?.close()
    }
}
