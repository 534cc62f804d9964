import StepwiseCore

/// The cell's GPIO input lines, requested for both-edge events.
///
/// The event loop watches `descriptors` and calls `readEvents(input:)` when one is readable.
/// Not Sendable: it lives on the event loop thread.
public final class GPIOInputs {
    private let lines: GPIOChipLines
    private let handles: [InputID: GPIOLineHandle]

    private init(lines: GPIOChipLines, handles: [InputID: GPIOLineHandle]) {
        self.lines = lines
        self.handles = handles
    }

    /// Requests every line, or none: on the first failure the lines already taken are released.
    public static func open(_ requests: [InputID: GPIOLineRequest]) -> Result<GPIOInputs, DeviceError> {
        let lines = GPIOChipLines()
        var handles: [InputID: GPIOLineHandle] = [:]
        // Sorted, so the first error reported is the same on every run.
        for (input, request) in requests.sorted(by: { $0.key < $1.key }) {
            switch lines.request(request, .bothEdges) {
            case .success(let handle): handles[input] = handle
            case .failure(let error):
                lines.close()
                return .failure(error)
            }
        }
        return .success(GPIOInputs(lines: lines, handles: handles))
    }

    /// One event descriptor per input line, for epoll.
    public var descriptors: [(fd: Int32, input: InputID)] {
        handles.sorted { $0.key < $1.key }.map { (fd: $0.value.eventDescriptor, input: $0.key) }
    }

    /// Every edge pending on the input's line, oldest first; empty when none is pending.
    /// A failed read is an error value (the loop reports it as a sensor fault).
    public func readEvents(input: InputID) -> Result<[GPIOEdge], DeviceError> {
        guard let handle = handles[input] else { return .success([]) }
        switch handle.readEdges() {
        case .success(let edges):
            return .success(
                edges.map { GPIOEdge(input: input, rising: $0.rising, timestampNanoseconds: $0.nanoseconds) })
        case .failure(let error): return .failure(error)
        }
    }

    /// Releases the lines; the descriptors are invalid afterwards.
    public func close() { lines.close() }
}
