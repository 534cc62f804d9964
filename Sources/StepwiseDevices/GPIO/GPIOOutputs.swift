import StepwiseCore

/// The cell's GPIO output lines (bin lamps, tool enables), all requested off.
/// Not Sendable: it lives on the event loop thread.
public final class GPIOOutputs {
    private let lines: GPIOChipLines
    private let handles: [OutputID: GPIOLineHandle]
    /// What each line was last driven to, so `set` writes only changes.
    private var driven: Set<OutputID> = []

    private init(lines: GPIOChipLines, handles: [OutputID: GPIOLineHandle]) {
        self.lines = lines
        self.handles = handles
    }

    /// Requests every line as an output driven inactive, or none.
    public static func open(_ requests: [OutputID: GPIOLineRequest]) -> Result<GPIOOutputs, DeviceError> {
        let lines = GPIOChipLines()
        var handles: [OutputID: GPIOLineHandle] = [:]
        for (output, request) in requests.sorted(by: { $0.key < $1.key }) {
            switch lines.request(request, .output(initiallyOn: false)) {
            case .success(let handle): handles[output] = handle
            case .failure(let error):
                lines.close()
                return .failure(error)
            }
        }
        return .success(GPIOOutputs(lines: lines, handles: handles))
    }

    /// Drives the outputs in `on` active and all others inactive, writing only lines whose value
    /// changes. Outputs not opened here (simulated ones) are ignored. Returns a fault per failed write.
    public func set(_ on: Set<OutputID>) -> [DeviceFault] {
        let changes = GPIOOutputs.changes(from: driven, to: on, known: Set(handles.keys))
        var faults: [DeviceFault] = []
        for (output, value) in changes {
            guard let handle = handles[output] else { continue }
            if handle.set(value) {
                if value { driven.insert(output) } else { driven.remove(output) }
            } else {
                faults.append(
                    DeviceFault(
                        device: output.rawValue, kind: .output,
                        message: "\(handle.request.subject): write failed: \(GPIOChipLines.lastErrnoText())"))
            }
        }
        return faults
    }

    /// The writes that take the lines from `driven` to `wanted`, in output order (pure).
    static func changes(from driven: Set<OutputID>, to wanted: Set<OutputID>, known: Set<OutputID>) -> [(
        OutputID, Bool
    )] {
        let wantedKnown = wanted.intersection(known)
        let turnOn = wantedKnown.subtracting(driven).map { ($0, true) }
        let turnOff = driven.subtracting(wantedKnown).map { ($0, false) }
        return (turnOn + turnOff).sorted { $0.0 < $1.0 }
    }

    /// Drives every line inactive and releases them.
    public func close() {
        _ = set([])
        lines.close()
    }
}
