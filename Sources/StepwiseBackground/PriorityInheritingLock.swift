import Glibc

/// A pthread mutex with `PTHREAD_PRIO_INHERIT`, and a condition variable bound to it.
///
/// Why not `NSLock`/`NSCondition` (plain mutexes): the real-time event thread takes this lock to
/// hand work over. If a low-priority worker holds it and is preempted, a plain mutex leaves the
/// event thread waiting for as long as the scheduler keeps the worker off the CPU; with priority
/// inheritance the kernel (a PI futex) runs the holder at the waiter's priority until it unlocks.
/// Swift's `Synchronization.Mutex` is not used because its Linux implementation is not documented
/// as a PI futex; this one says so in its attribute.
///
/// The condition variable is only waited on by threads that may block (callers of `flush` or
/// `close`, never the event thread); waiting re-acquires the mutex with priority inheritance.
final class PriorityInheritingLock: @unchecked Sendable {
    // @unchecked: the pthread objects live at fixed heap addresses and are made for sharing.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        let protocolSet = pthread_mutexattr_setprotocol(&attributes, Int32(PTHREAD_PRIO_INHERIT))
        precondition(protocolSet == 0, "PTHREAD_PRIO_INHERIT refused: expected glibc on Linux")
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Sleeps until `broadcast`; call with the lock held (inside `withLock`). Never on the event thread.
    func wait() { pthread_cond_wait(condition, mutex) }

    /// Wakes every `wait`; call with the lock held.
    func broadcast() { pthread_cond_broadcast(condition) }
}
