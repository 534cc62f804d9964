import Glibc
import StepwiseCore
import StepwiseDevices

/// The benchmark's GPIO lines: one non-blocking pipe per input, carrying (monotonic stamp,
/// level) records. The daemon reads them through `EdgeSource` exactly where it reads a GPIO
/// line's kernel-stamped edge events, so everything after the read is the production path.
final class PipeEdges: EdgeSource {
    private var pipes: [InputID: (read: Int32, write: Int32)] = [:]

    init(inputs: [InputID]) throws(DeviceError) {
        for input in inputs {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0, fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0 else {
                close()
                throw DeviceError(
                    device: "pipe", kind: .system,
                    message: "pipe() failed (errno \(errno)); expected a free file descriptor")
            }
            pipes[input] = (fds[0], fds[1])
        }
    }

    var descriptors: [(fd: Int32, input: InputID)] {
        pipes.sorted { $0.key < $1.key }.map { (fd: $0.value.read, input: $0.key) }
    }

    /// The write end of each input's pipe, for the producer thread (a pipe write is atomic).
    var writeEnds: [InputID: Int32] { pipes.mapValues(\.write) }

    func readEvents(input: InputID) -> Result<[GPIOEdge], DeviceError> {
        guard let fd = pipes[input]?.read else { return .success([]) }
        var edges: [GPIOEdge] = []
        var record = (UInt64(0), UInt64(0))
        while read(fd, &record, 16) == 16 {
            edges.append(GPIOEdge(input: input, rising: record.1 != 0, timestampNanoseconds: record.0))
        }
        return .success(edges)
    }

    func close() {
        for ends in pipes.values {
            Glibc.close(ends.read)
            Glibc.close(ends.write)
        }
        pipes = [:]
    }
}
