import Foundation
import Glibc
import Synchronization

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

/// The calling thread's scheduling policy, as systemd would set the daemon's.
enum EventThreadScheduling {
    /// SCHED_FIFO at `priority`; says what it got when the system refuses.
    static func fifo(priority: Int32) -> String {
        var param = sched_param()
        param.sched_priority = priority
        let code = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param)
        return code == 0
            ? "SCHED_FIFO \(priority)" : "SCHED_OTHER (SCHED_FIFO refused: \(String(cString: strerror(code))))"
    }

    static func normal() {
        var param = sched_param()
        _ = pthread_setschedparam(pthread_self(), SCHED_OTHER, &param)
    }
}
