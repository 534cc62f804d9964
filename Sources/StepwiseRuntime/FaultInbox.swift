import Foundation
import StepwiseCore
import StepwiseDevices

/// Faults raised on other threads (the log writer) reach the station on the loop thread:
/// posted under a lock, then an eventfd wakes the loop.
final class FaultInbox: @unchecked Sendable {
    // @unchecked: `pending` is only touched under `lock`; the waker is thread-safe by design.
    private let lock = NSLock()
    private var pending: [StationEvent] = []
    private var waker: Waker?
    var deliver: ((StationEvent) -> Void)?

    init(loop: EventLoop) throws {
        waker = try loop.makeWaker { [weak self] in self?.drain() }
    }

    /// From the writer thread: a message means the log is failing, nil that it recovered.
    func post(logWriterFault message: String?) {
        let event: StationEvent =
            message.map {
                .fault(DeviceFault(device: "quality-log", kind: .storage, message: $0))
            } ?? .faultCleared(device: "quality-log")
        lock.lock()
        pending.append(event)
        lock.unlock()
        waker?.wake()
    }

    private func drain() {
        lock.lock()
        let events = pending
        pending.removeAll()
        lock.unlock()
        events.forEach { deliver?($0) }
    }
}
