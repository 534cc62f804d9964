import Glibc

/// Priority of threads that work for the event thread but must never delay it.
public enum WorkerPriority {
    /// A thread started from a SCHED_FIFO thread inherits FIFO: SQLite or a PNG encode at
    /// real-time priority would compete with the event thread for the CPU. The calling thread
    /// drops to SCHED_OTHER and nice 10 (nice is per-thread on Linux). Under systemd the unit's
    /// `CPUSchedulingResetOnFork=yes` already did the first, and its system-call filter refuses
    /// both calls (harmlessly); this covers runs under `chrt` and the benchmark.
    public static func lowerCurrentThread() {
        var normal = sched_param()
        normal.sched_priority = 0
        _ = pthread_setschedparam(pthread_self(), SCHED_OTHER, &normal)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
    }
}
