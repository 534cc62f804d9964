import CLibUSB
import StepwiseCore

/// Hotplug and descriptor-change notifications. libusb calls these C callbacks from inside
/// `handleEvents()`; `user_data` is the unretained `USBInputs`, which outlives its registrations
/// (`close()` removes them before the object goes away).
extension USBInputs {
    func registerHotplug() {
        var handle = libusb_hotplug_callback_handle()
        let events = Int32(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT.rawValue)
        let status = libusb_hotplug_register_callback(
            context.pointer, events, 0, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
            { _, device, event, user in
                guard let device, let user else { return 0 }
                let usb = Unmanaged<USBInputs>.fromOpaque(user).takeUnretainedValue()
                let arrived = event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED
                usb.hotplugQueue.append((arrived, libusb_ref_device(device)))
                return 0  // stay registered
            },
            Unmanaged.passUnretained(self).toOpaque(), &handle)
        hotplugHandle = status == 0 ? handle : nil
    }

    func deregisterHotplug() {
        if let hotplugHandle { libusb_hotplug_deregister_callback(context.pointer, hotplugHandle) }
        hotplugHandle = nil
    }

    func registerPollNotifiers() {
        libusb_set_pollfd_notifiers(
            context.pointer,
            { _, _, user in
                guard let user else { return }
                Unmanaged<USBInputs>.fromOpaque(user).takeUnretainedValue().descriptorsChanged = true
            },
            { _, user in
                guard let user else { return }
                Unmanaged<USBInputs>.fromOpaque(user).takeUnretainedValue().descriptorsChanged = true
            },
            Unmanaged.passUnretained(self).toOpaque())
    }

    /// Departures detach the matching link; arrivals of a configured device not attached reopen it.
    func handleHotplugQueue() -> [USBEvent] {
        var events: [USBEvent] = []
        let queue = hotplugQueue
        hotplugQueue = []
        for (arrived, device) in queue {
            defer { libusb_unref_device(device) }
            if !arrived {
                for link in links where link.device == device {
                    link.markGone()
                    events += link.events
                    link.events = []
                }
                continue
            }
            // Every configured interface of the arriving device (a composite device such as a button
            // box with a badge reader is one arrival for two links; found by the HIL rig). A link still
            // closing (its transfer not back yet) cannot take the device again.
            for link in links where link.handle == nil && USBBus.matches(device, link.config).matches {
                switch link.attach(device) {
                case .success: events.append(.attached(device: link.config.id))
                case .failure(let error):
                    events.append(.fault(DeviceFault(device: link.config.id, kind: .usb, message: error.description)))
                }
            }
        }
        return events
    }
}
