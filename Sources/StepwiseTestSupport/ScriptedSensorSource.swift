import Glibc
import StepwiseCore
import StepwiseDevices

/// A sensor kind that exists only in tests: readings pushed by the test come out of a real
/// pipe that the event loop watches, so they travel the station's own path (loop → sensor
/// inputs → debouncer → meaning) exactly as a new device kind's would.
public final class ScriptedSensorSource: SensorSource {
    public let kind: String
    public let faultKind: DeviceFault.Kind
    private var ends: (read: Int32, write: Int32)
    private var queued: [SensorReading] = []
    /// Readings returned by `drain()` at start, as a device's open faults would be.
    public var atStart: [SensorReading] = []
    public private(set) var isClosed = false

    public init(kind: String = "scripted", faultKind: DeviceFault.Kind = .sensor) throws(DeviceError) {
        self.kind = kind
        self.faultKind = faultKind
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0, fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0, fcntl(fds[1], F_SETFL, O_NONBLOCK) == 0 else {
            throw DeviceError(device: kind, kind: .system, message: "pipe2 failed (errno \(errno))")
        }
        ends = (fds[0], fds[1])
    }

    /// Queues `what` and makes the pipe readable; the loop picks it up on its next turn.
    public func push(_ what: SensorReading.What, at stamp: MonotonicInstant = .now()) {
        queued.append(SensorReading(at: stamp, what))
        var byte: UInt8 = 1
        _ = write(ends.write, &byte, 1)
    }

    public var descriptors: [SensorDescriptor] {
        isClosed ? [] : [SensorDescriptor(fd: ends.read, subject: kind)]
    }

    public func read(_ descriptor: SensorDescriptor) -> [SensorReading] {
        var bytes = [UInt8](repeating: 0, count: 64)
        while Glibc.read(ends.read, &bytes, bytes.count) > 0 {}
        defer { queued = [] }
        return queued
    }

    public func drain() -> [SensorReading] {
        defer { atStart = [] }
        return atStart
    }

    public func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(ends.read)
        Glibc.close(ends.write)
    }

    deinit { close() }
}
