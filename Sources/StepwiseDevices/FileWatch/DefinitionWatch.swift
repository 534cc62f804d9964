import CLinuxShims
import Glibc

/// Tells when an engineer saved a file in the folders a station reads its definitions from, so
/// the daemon reloads without a restart. One inotify descriptor in the event loop; editors that
/// save by writing a temporary file and renaming it are covered by `IN_MOVED_TO`.
public final class DefinitionWatch {
    private let fd: Int32
    private var token: WatchToken?
    private weak var loop: EventLoop?
    private var buffer = [UInt8](repeating: 0, count: 4096)
    private var closed = false

    /// Watches `directories` (not recursively); `onChange` runs on the loop for each burst of events.
    public init(directories: [String], loop: EventLoop, onChange: @escaping () -> Void) throws(DeviceError) {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else {
            throw DeviceError(
                device: "inotify", kind: .system, message: "cannot watch files (\(String(cString: strerror(errno))))")
        }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_CREATE)
        for directory in directories where inotify_add_watch(fd, directory, mask) < 0 {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw DeviceError(
                device: directory, kind: .notFound,
                message: "cannot watch for changes (\(reason)); expected a readable folder")
        }
        self.loop = loop
        token = try loop.watch(fd: fd) { [weak self] in
            guard let self else { return }
            // Drain everything queued: one callback per burst, whatever the editor did.
            var drained = false
            while read(self.fd, &self.buffer, self.buffer.count) > 0 { drained = true }
            if drained { onChange() }
        }
    }

    deinit { close() }

    public func close() {
        guard !closed else { return }
        closed = true
        if let token { loop?.unwatch(token) }
        token = nil
        Glibc.close(fd)
    }
}
