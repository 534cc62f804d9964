import StepwiseCore
import StepwiseDevices

extension SensorInputs {
    /// Opens the cell's USB devices; absent ones are faults that clear when they are plugged in.
    func openUSB(on loop: EventLoop) {
        guard !cell.usbDevices.isEmpty else { return }
        switch USBInputs.open(devices: cell.usbDevices, inputs: cell.inputs, whenAbsent: .awaitHotplug) {
        case .failure(let error):
            openFaults.append(DeviceFault(device: error.device, kind: .usb, message: error.message))
        case .success(let inputs):
            usb = inputs
            inputs.onPollDescriptorsChanged = { [weak self] descriptors in self?.watchUSB(descriptors) }
            watchUSB(inputs.pollDescriptors)
            handleUSB()
        }
    }

    /// libusb's descriptors change when devices come and go; the watch set follows them.
    func watchUSB(_ descriptors: [USBPollDescriptor]) {
        guard let loop else { return }
        usbWatches.forEach { loop.unwatch($0) }
        usbWatches = descriptors.compactMap { descriptor in
            do {
                return try loop.watch(fd: descriptor.fd, readable: descriptor.readable, writable: descriptor.writable) {
                    [weak self] in self?.handleUSB()
                }
            } catch {
                // epoll refuses regular files (a usbfs node faked by umockdev is one): say so, never spin.
                let fault = DeviceFault(
                    device: "usb", kind: .usb, message: "cannot watch libusb's descriptor: \(error)")
                onObservation?(
                    SensorObservation(
                        time: WallClock.now(), source: .usb, subject: "usb", what: .fault(fault),
                        meaning: .event(.fault(fault))))
                onEvent?(.fault(fault), WallClock.now())
                return nil
            }
        }
    }

    func handleUSB() {
        guard let usb else { return }
        let now = WallClock.now()
        for event in usb.handleEvents() {
            let meaning = SensorMeaning.of(event, cell: cell, knownCodes: knownCodes)
            onObservation?(
                SensorObservation(time: now, source: .usb, subject: event.subject, what: .usb(event), meaning: meaning))
            switch meaning {
            case .event(let event): onEvent?(event, now)
            case .badge(let badge): onBadge?(badge)
            case nil: break
            }
        }
    }
}

extension USBEvent {
    /// The input or device the event is about.
    var subject: String {
        switch self {
        case .pressed(let input), .released(let input): input.rawValue
        case .line(let device, _), .detached(let device), .attached(let device): device
        case .fault(let fault): fault.device
        }
    }
}
