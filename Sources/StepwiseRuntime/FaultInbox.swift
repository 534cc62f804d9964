import StepwiseBackground
import StepwiseCore
import StepwiseDevices
import StepwiseLog

/// Faults raised on other threads (the log writer, the pseudonym registry's worker) reach the
/// station on the loop thread: posted to a `LoopMailbox` (a priority-inheriting lock and an
/// eventfd the loop watches), delivered in the order posted.
final class FaultInbox: @unchecked Sendable {
    // @unchecked: `post` is the only entry from other threads and touches only the mailbox;
    // `deliver` is set and called on the loop thread.
    private let mailbox = LoopMailbox<StationEvent>()
    var deliver: ((StationEvent) -> Void)?

    init(loop: EventLoop) throws {
        try loop.attach(mailbox) { [weak self] event in self?.deliver?(event) }
    }

    /// From the writer thread: a message means the log is failing, nil that it recovered.
    func post(logWriterFault message: String?) { post(device: "quality-log", message) }

    /// The pseudonym registry's worker posts to a mailbox of its own (the log module knows no
    /// station events): its faults reach the station as `pseudonyms` storage faults.
    func watch(_ registry: PseudonymRegistry, on loop: EventLoop) throws {
        try loop.attach(registry.faults) { [weak self] message in
            self?.deliver?(Self.event(device: "pseudonyms", message))
        }
    }

    private func post(device: String, _ message: String?) { mailbox.post(Self.event(device: device, message)) }

    private static func event(device: String, _ message: String?) -> StationEvent {
        message.map { .fault(DeviceFault(device: device, kind: .storage, message: $0)) }
            ?? .faultCleared(device: device)
    }
}
