import CLibUSB
import StepwiseCore

/// The cell's USB devices on one libusb context, read asynchronously and driven by the event loop:
/// watch `pollDescriptors`, arm a timer for `nextTimeout`, call `handleEvents()` when either fires.
///
/// Not Sendable, on purpose: libusb callbacks run inside `handleEvents()` on the calling thread,
/// and everything here must stay on that one thread.
public final class USBInputs {
    /// What `open` does about a configured device that is not plugged in.
    public enum AbsentDevice: Sendable {
        /// Fail with a `DeviceError` (`stepwise monitor`, tests, a cell that must be complete).
        case fail
        /// Report a fault for a device that is absent or cannot be opened, keep the others, and pick
        /// it up when it is plugged in (needs hotplug support).
        case awaitHotplug
    }

    let context: USBContext
    let links: [USBDeviceLink]
    var hotplugHandle: libusb_hotplug_callback_handle?
    /// Arrivals and departures seen by the hotplug callback, handled after libusb returns
    /// (libusb_open is not allowed inside the callback).
    var hotplugQueue: [(arrived: Bool, device: OpaquePointer)] = []
    private var queued: [USBEvent] = []
    var descriptorsChanged = false
    private var closed = false

    /// Called with the full new set after libusb added or removed a descriptor (a device came or went).
    public var onPollDescriptorsChanged: (([USBPollDescriptor]) -> Void)?

    private init(context: USBContext, links: [USBDeviceLink]) {
        self.context = context
        self.links = links
    }

    /// Creates the context, opens every device and starts reading its interrupt-IN endpoint.
    public static func open(
        devices: [USBDevice], inputs: [USBInputBit], whenAbsent: AbsentDevice = .fail
    ) -> Result<USBInputs, DeviceError> {
        let context: USBContext
        switch USBContext.make() {
        case .success(let made): context = made
        case .failure(let error): return .failure(error)
        }
        let usb = USBInputs(context: context, links: devices.map { USBDeviceLink(config: $0, inputs: inputs) })
        let awaiting = whenAbsent == .awaitHotplug && context.hasHotplug
        if context.hasHotplug { usb.registerHotplug() }
        usb.registerPollNotifiers()
        for link in usb.links {
            if case .failure(let error) = usb.attach(link) {
                guard awaiting else {
                    usb.close()
                    return .failure(error)
                }
                // One bad device must not take the others down: it is a fault, retried when replugged.
                let retry = error.kind == .notFound ? "it is picked up when plugged in" : "replug it to retry"
                usb.queued.append(
                    .fault(DeviceFault(device: link.config.id, kind: .usb, message: "\(error.message); \(retry)")))
            }
        }
        usb.descriptorsChanged = false
        return .success(usb)
    }

    /// The descriptors to watch. Honour `writable`: usbfs signals finished transfers as POLLOUT.
    public var pollDescriptors: [USBPollDescriptor] { context.pollDescriptors }

    /// When to call `handleEvents()` even without descriptor activity; nil when libusb needs no timer
    /// (the Linux backend keeps its timeouts in a timerfd among `pollDescriptors`).
    public var nextTimeout: Duration? { context.nextTimeout }

    /// Handles what libusb has ready, without blocking, and returns the events since the last call.
    public func handleEvents() -> [USBEvent] {
        guard !closed else { return [] }
        var events = queued
        queued = []
        let status = context.handlePendingEvents()
        if status < 0 {
            events.append(
                .fault(
                    DeviceFault(
                        device: "usb", kind: .usb,
                        message: "handling USB events failed (\(USBContext.text(status)))")))
        }
        // Outside libusb's callbacks now, so devices that left can be closed.
        links.forEach { $0.releaseIfDone() }
        for link in links {
            events += link.events
            link.events = []
        }
        events += handleHotplugQueue()
        links.forEach { $0.releaseIfDone() }
        if descriptorsChanged {
            descriptorsChanged = false
            onPollDescriptorsChanged?(pollDescriptors)
        }
        return events
    }

    /// Configured device ids currently attached and reading.
    public var attachedDevices: [String] { links.filter(\.isAttached).map(\.config.id) }

    /// Stops every transfer, releases the interfaces and ends the context.
    public func close() {
        guard !closed else { return }
        closed = true
        deregisterHotplug()
        links.forEach { $0.shutDown() }
        // Cancellation completes in libusb's event handling; usbfs reaps cancelled URBs at once,
        // so a few bounded rounds suffice. This happens only at shutdown, never on the hot path.
        var rounds = 0
        while links.contains(where: \.inFlight) && rounds < 10 {
            var wait = timeval(tv_sec: 0, tv_usec: 100_000)
            _ = libusb_handle_events_timeout_completed(context.pointer, &wait, nil)
            rounds += 1
        }
        links.forEach { $0.releaseIfDone() }
        libusb_set_pollfd_notifiers(context.pointer, nil, nil, nil)
        hotplugQueue.forEach { libusb_unref_device($0.device) }
        hotplugQueue = []
    }

    deinit { close() }

    /// Finds the link's device on the bus and starts reading it.
    func attach(_ link: USBDeviceLink) -> Result<Void, DeviceError> {
        USBBus.find(link.config, in: context).flatMap { device in
            defer { libusb_unref_device(device) }
            return link.attach(device)
        }
    }
}
