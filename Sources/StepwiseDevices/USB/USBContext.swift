import CLibUSB
import Glibc

/// One libusb context: event sources, timeouts and the device list.
/// Not Sendable: created, used and closed on the event loop thread.
final class USBContext {
    let pointer: OpaquePointer

    private init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { libusb_exit(pointer) }

    /// A new context logging warnings and errors only (libusb logs to stderr, i.e. the journal).
    static func make() -> Result<USBContext, DeviceError> {
        var context: OpaquePointer?
        let status = libusb_init(&context)
        guard status == 0, let context else {
            return .failure(
                DeviceError(
                    device: "libusb", kind: .system,
                    message:
                        "initialisation failed (\(USBContext.text(status))); expected usbfs and sysfs to be available"))
        }
        _ = stepwise_libusb_set_log_level(context, Int32(LIBUSB_LOG_LEVEL_WARNING.rawValue))
        return .success(USBContext(pointer: context))
    }

    var hasHotplug: Bool { libusb_has_capability(UInt32(LIBUSB_CAP_HAS_HOTPLUG.rawValue)) != 0 }

    /// The descriptors libusb wants watched right now.
    var pollDescriptors: [USBPollDescriptor] {
        guard let list = libusb_get_pollfds(pointer) else { return [] }
        defer { libusb_free_pollfds(list) }
        var descriptors: [USBPollDescriptor] = []
        var index = 0
        while let entry = list[index] {
            let events = Int32(entry.pointee.events)
            descriptors.append(
                USBPollDescriptor(
                    fd: entry.pointee.fd,
                    readable: events & Int32(POLLIN) != 0, writable: events & Int32(POLLOUT) != 0))
            index += 1
        }
        return descriptors
    }

    /// When libusb next needs `handleEvents` even without descriptor activity; nil when never.
    /// On Linux libusb keeps its timeouts in a timerfd among the poll descriptors, so this is usually nil.
    var nextTimeout: Duration? {
        var timeout = timeval()
        guard libusb_get_next_timeout(pointer, &timeout) == 1 else { return nil }
        return .seconds(Int64(timeout.tv_sec)) + .microseconds(Int64(timeout.tv_usec))
    }

    /// Handles whatever is ready without blocking; callbacks run inside this call.
    func handlePendingEvents() -> Int32 {
        var zero = timeval(tv_sec: 0, tv_usec: 0)
        return libusb_handle_events_timeout_completed(pointer, &zero, nil)
    }

    /// Calls `body` with the devices on the bus; they stay valid for the call only
    /// (take `libusb_ref_device` to keep one).
    func withDevices<T>(_ body: ([OpaquePointer]) -> T) -> Result<T, DeviceError> {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(pointer, &list)
        guard count >= 0, let list else {
            return .failure(
                DeviceError(
                    device: "libusb", kind: .system,
                    message:
                        "listing USB devices failed (\(USBContext.text(Int32(count)))); expected a readable /sys/bus/usb"
                ))
        }
        defer { libusb_free_device_list(list, 1) }
        return .success(body((0..<Int(count)).compactMap { list[$0] }))
    }

    static func text(_ status: Int32) -> String { String(cString: libusb_strerror(status)) }
}
