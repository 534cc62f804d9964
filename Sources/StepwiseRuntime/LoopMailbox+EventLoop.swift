import StepwiseBackground
import StepwiseDevices

extension EventLoop {
    /// Delivers each message of `mailbox` to `deliver` on this loop, oldest first, whenever a
    /// background thread posted (the mailbox's eventfd becomes readable). The loop keeps the
    /// mailbox alive while it watches it.
    @discardableResult
    func attach<Message>(_ mailbox: LoopMailbox<Message>, deliver: @escaping (Message) -> Void) throws(DeviceError)
        -> WatchToken
    {
        try watch(fd: mailbox.fd) { mailbox.take().forEach(deliver) }
    }
}
