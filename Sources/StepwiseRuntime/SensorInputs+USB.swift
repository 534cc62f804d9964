import StepwiseCore
import StepwiseDevices

extension SensorInputs {
    /// Opens the cell's USB devices; absent ones are faults that clear when they are plugged in.
    func openUSB(on loop: EventLoop) {
        guard !cell.usbDevices.isEmpty else { return }
        switch USBInputs.open(devices: cell.usbDevices, inputs: cell.inputs, whenAbsent: .awaitHotplug) {
        case .failure(let error): openFaults.append(DeviceFault(device: error.device, kind: .usb, message: error.message))
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
            try? loop.watch(fd: descriptor.fd, readable: descriptor.readable, writable: descriptor.writable) { [weak self] in
                self?.handleUSB()
            }
        }
    }

    func handleUSB() {
        guard let usb else { return }
        let now = WallClock.now()
        for event in usb.handleEvents() {
            switch event {
            case .pressed(let input): onEvent?(.activated(input), now)
            case .released: break
            case .line(let device, let text):
                if device == cell.roles.reader, isBadge(text) { onBadge?(text) } else {
                    onEvent?(.scanned(text), now)
                }
            case .detached(let device):
                onEvent?(.fault(DeviceFault(device: device, kind: .usb, message: "unplugged; plug it back in, or confirm steps by hand")), now)
            case .attached(let device): onEvent?(.faultCleared(device: device), now)
            case .fault(let fault): onEvent?(.fault(fault), now)
            }
        }
    }

    /// A reader line that is not a variant code of any set is taken as a badge.
    private func isBadge(_ text: String) -> Bool { !knownCodes.contains(text) }
}
