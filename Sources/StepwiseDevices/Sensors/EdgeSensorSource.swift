import StepwiseCore

/// Inputs whose edges arrive one descriptor per input (`EdgeSource`): the cell's GPIO lines, or
/// the render benchmark's pipes, which drive the same path after the read.
public final class EdgeSensorSource: SensorSource {
    public let kind: String
    public let faultKind: DeviceFault.Kind
    private let edges: any EdgeSource
    private let inputs: [Int32: InputID]

    public init(_ edges: any EdgeSource, kind: String = "gpio", faultKind: DeviceFault.Kind = .sensor) {
        self.edges = edges
        self.kind = kind
        self.faultKind = faultKind
        inputs = Dictionary(edges.descriptors.map { ($0.fd, $0.input) }, uniquingKeysWith: { first, _ in first })
    }

    /// The cell's GPIO input lines, all or none; nil when the cell has none.
    public static func gpio(_ requests: [InputID: GPIOLineRequest]) -> Result<any SensorSource, DeviceError>? {
        guard !requests.isEmpty else { return nil }
        return GPIOInputs.open(requests).map { EdgeSensorSource($0) }
    }

    public var descriptors: [SensorDescriptor] {
        edges.descriptors.map { SensorDescriptor(fd: $0.fd, subject: $0.input.rawValue) }
    }

    public func read(_ descriptor: SensorDescriptor) -> [SensorReading] {
        guard let input = inputs[descriptor.fd] else { return [] }
        switch edges.readEvents(input: input) {
        case .failure(let error):
            let fault = DeviceFault(device: error.device, kind: faultKind, message: error.message)
            return [SensorReading(at: .now(), .fault(fault))]
        case .success(let read):
            return read.map { edge in
                SensorReading(
                    at: MonotonicInstant(nanoseconds: edge.timestampNanoseconds), .edge(input, active: edge.rising))
            }
        }
    }

    public func close() { edges.close() }
}
