import Foundation
import Glibc
import StepwiseDevices

/// (e) The floor under (d): the same hand-over with a fixed cost and no Stepwise code behind it.
/// A producer thread stamps CLOCK_MONOTONIC and writes the stamp into a pipe; the daemon's own
/// `EventLoop`, on a thread scheduled as (d)'s event thread is, wakes in `epoll_wait`, reads it,
/// copies one full 1080p frame ((a)'s memcpy, about what (d) spends per event) and signals back.
/// The copy matters: a stall of the machine — a thread waiting for a CPU, a virtual CPU
/// descheduled by its host — only shows in events that are in flight when it strikes, so the
/// floor must be in flight about as long as (d) is. Its tail above its own median is the
/// machine's; what (d) adds above (e) is Stepwise's. Same run, other core busy the same way.
enum WakeupFloor {
    /// Milliseconds from each stamp to the end of the handler's frame copy, over `events` wake-ups.
    static func run(events count: Int, realtime: Bool) throws -> Samples {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0, fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0 else {
            throw DeviceError(
                device: "pipe", kind: .system,
                message: "pipe() failed (errno \(errno)); expected a free file descriptor")
        }
        defer {
            close(fds[0])
            close(fds[1])
        }
        let loop = try EventLoop()
        defer { loop.close() }
        let done = DispatchSemaphore(value: 0)
        let frame = FrameCopy()
        defer { frame.release() }
        var samples = Samples(capacity: count)
        let readEnd = fds[0]
        _ = try loop.watch(fd: readEnd) {
            var stamp: UInt64 = 0
            while read(readEnd, &stamp, 8) == 8 {
                frame.copy()
                samples.add(Double(monotonicNanoseconds() &- stamp) / 1e6)
                if samples.count >= count { loop.stop() }
                done.signal()
            }
        }
        let busy = BusyCore()
        busy.start()
        defer { busy.stop() }
        let stopper = try loop.makeWaker { loop.stop() }
        startProducer(events: count, writeEnd: fds[1], done: done, stopper: stopper)
        if realtime { _ = EventThreadScheduling.fifo(priority: 50) }
        defer { if realtime { EventThreadScheduling.normal() } }
        loop.run()
        guard samples.count == count else {
            throw DeviceError(
                device: "bench", kind: .system,
                message: "wake-up \(samples.count + 1) of \(count) never "
                    + "reached the loop; expected every stamp written to the pipe to be read")
        }
        return samples
    }

    /// One stamp at a time, each after the loop has read the one before: latency, not queueing.
    private static func startProducer(events count: Int, writeEnd: Int32, done: DispatchSemaphore, stopper: Waker) {
        let thread = Thread {
            for _ in 0..<count {
                var stamp = monotonicNanoseconds()
                _ = write(writeEnd, &stamp, 8)
                // A lost wake-up would hang the bench; ten seconds means the loop is gone.
                guard done.wait(timeout: .now() + 10) == .success else { return stopper.wake() }
            }
        }
        thread.name = "stepwise-bench-floor"
        thread.start()
    }
}
