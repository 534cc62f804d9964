import Glibc

/// The calling thread's CPU time and involuntary context switches, so the benchmark can tell
/// an event that took long because the event thread was working from one that took long because
/// it was waiting (runnable but not running, or blocked) while the clock went on.
struct ThreadUsage {
    var cpuNanoseconds: UInt64
    var involuntarySwitches: Int

    static func now() -> ThreadUsage {
        var cpu = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu)
        var usage = rusage()
        _ = getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD, which Glibc's module does not export
        return ThreadUsage(
            cpuNanoseconds: UInt64(cpu.tv_sec) * 1_000_000_000 + UInt64(cpu.tv_nsec),
            involuntarySwitches: usage.ru_nivcsw)
    }

    /// CPU milliseconds and involuntary switches from `earlier` to `self`.
    func since(_ earlier: ThreadUsage) -> (cpuMS: Double, involuntary: Int) {
        (Double(cpuNanoseconds &- earlier.cpuNanoseconds) / 1e6, involuntarySwitches - earlier.involuntarySwitches)
    }
}
