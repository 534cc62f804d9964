import StepwiseCore

/// Where a station's input edges come from: the cell's GPIO lines, or anything that delivers
/// the same kernel-stamped edges on pollable descriptors (the render benchmark's pipes, which
/// drive the daemon's real sensor path: event loop → debouncer → station).
public protocol EdgeSource: AnyObject {
    /// One pollable descriptor per input, for epoll.
    var descriptors: [(fd: Int32, input: InputID)] { get }
    /// Every edge pending for `input`, oldest first; empty when none is pending.
    func readEvents(input: InputID) -> Result<[GPIOEdge], DeviceError>
    /// Releases the descriptors.
    func close()
}

extension GPIOInputs: EdgeSource {}
