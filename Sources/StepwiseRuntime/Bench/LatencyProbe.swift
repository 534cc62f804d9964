import Foundation
import Glibc
import StepwiseCore
import StepwiseDevices
import StepwiseLog
import Synchronization

/// (d) Sensor event → presented frame through the daemon's real path: a pipe watched by the
/// `EventLoop` (as a GPIO line's descriptor is), read in its handler, `StationRuntime.handle` →
/// render → present into the file-backed framebuffer, records to the quality-log writer thread.
/// A producer thread writes one event at a time, stamped with CLOCK_MONOTONIC, and waits for it to
/// be presented, so the figure is latency, not queueing; a second thread keeps another core busy.
final class LatencyProbe {
    let station: StationRuntime
    let writer: QualityLogWriter
    let definitions: Definitions

    init(definitions: Definitions, scratch: String) throws {
        self.definitions = definitions
        let log = try QualityLog(path: scratch + "/bench-quality.sqlite")
        writer = QualityLogWriter(log: log, onFault: { _ in })
        var quiet = definitions.cell
        quiet.outputs = []  // the benchmark must not switch a real cell's lamps or tool enables
        station = try StationRuntime(definitions: definitions, baseDirectory: scratch, writer: writer, lamps: LampOutputs(cell: quiet))
    }

    /// Runs `count` events (at least 1) and returns each one's milliseconds from write to presented frame.
    func run(events count: Int) throws -> Samples {
        let script = BenchStations.events(definitions, count: max(1, count))
        let loop = try EventLoop()
        defer { loop.close(); writer.close() }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw DeviceError(device: "pipe", kind: .system, message: "pipe() failed (errno \(errno)); expected a free file descriptor")
        }
        defer { Glibc.close(fds[0]); Glibc.close(fds[1]) }
        station.start(at: script[0].at)
        var samples = Samples(capacity: count)
        let presented = DispatchSemaphore(value: 0)
        let readEnd = fds[0]
        _ = try loop.watch(fd: readEnd) { [station] in
            var message = (UInt64(0), UInt64(0))
            guard read(readEnd, &message, 16) == 16 else { return }
            station.handle(script[Int(message.0)].event, at: script[Int(message.0)].at)
            samples.add(Double(monotonicNanoseconds() &- message.1) / 1e6)
            if samples.count >= count { loop.stop() }
            presented.signal()
        }
        let busy = BusyCore()
        busy.start()
        defer { busy.stop() }
        Producer(fd: fds[1], count: count, presented: presented).start()
        loop.run()
        return samples
    }
}

/// Writes event numbers with their send time into the pipe, one at a time.
private struct Producer: Sendable {
    let fd: Int32
    let count: Int
    let presented: DispatchSemaphore

    func start() {
        let thread = Thread { [self] in
            for index in 0..<count {
                var message = (UInt64(index), monotonicNanoseconds())
                _ = write(fd, &message, 16)
                presented.wait()
            }
        }
        thread.start()
    }
}

/// A thread spinning on the other core for as long as the measurement runs.
/// Sendable through `Atomic`: the flag is the only state shared with the thread.
final class BusyCore: Sendable {
    private let running = Atomic<Bool>(true)

    func start() {
        let thread = Thread { [self] in
            var counter: UInt64 = 0
            while running.load(ordering: .relaxed) { counter &+= 1 }
            blackHole(counter)
        }
        thread.start()
    }

    func stop() { running.store(false, ordering: .relaxed) }
}

@inline(never) func blackHole(_ value: UInt64) { if value == 42 { print("") } }
