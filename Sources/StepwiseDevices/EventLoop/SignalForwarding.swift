import Glibc

/// Per signal number, the write end of the pipe its handler reports to (-1: none). A fixed
/// array allocated once, so the handler only reads memory: async-signal-safe.
nonisolated(unsafe) private let forwardingFDs: UnsafeMutablePointer<Int32> = {
    let table = UnsafeMutablePointer<Int32>.allocate(capacity: signalSlots)
    table.initialize(repeating: -1, count: signalSlots)
    return table
}()
private let signalSlots = 65

/// The handler: one byte (the signal number) to the pipe of the loop that catches it.
private func forwardSignal(_ signal: Int32) {
    guard signal > 0, signal < signalSlots else { return }
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(forwardingFDs[Int(signal)], &byte, 1)
}

extension EventLoop {
    /// signalfd sees a signal only while every thread blocks it. A process with an async `main`
    /// has a thread that never can: libdispatch parks the main thread in `sigsuspend` with an
    /// empty mask, so the kernel hands it Ctrl-C, whose default action kills the process (found
    /// with `stepwise monitor`, which then left the terminal without echo). A handler that writes
    /// the signal number to a pipe the loop watches brings such signals to `handler` too.
    func forwardUnblockedSignals(_ signals: [Int32], to handler: @escaping (Int32) -> Void) throws(DeviceError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw .system("signals", "pipe", errno: errno, expected: "a free file descriptor")
        }
        ownedFDs += ends
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        let readEnd = ends[0]
        _ = try watch(fd: readEnd) {
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) == 1 { handler(Int32(byte)) }
        }
        var action = sigaction()
        action.__sigaction_handler = unsafeBitCast(
            forwardSignal as @convention(c) (Int32) -> Void, to: sigaction.__Unnamed_union___sigaction_handler.self)
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        for signal in signals where signal > 0 && signal < signalSlots && !forwardedSignals.contains(signal) {
            forwardingFDs[Int(signal)] = ends[1]
            sigaction(signal, &action, nil)
            forwardedSignals.append(signal)
        }
    }

    /// Gives the signals their default action back before the pipe closes.
    func stopForwardingSignals() {
        var standard = sigaction()
        standard.__sigaction_handler = unsafeBitCast(SIG_DFL, to: sigaction.__Unnamed_union___sigaction_handler.self)
        for signal in forwardedSignals {
            sigaction(signal, &standard, nil)
            forwardingFDs[Int(signal)] = -1
        }
        forwardedSignals = []
    }
}
