import CLibUSB
import StepwiseCore

/// One configured device while it is plugged in: its handle, its claimed interface and the one
/// interrupt-IN transfer kept in flight. Reports are decoded in the transfer callback, which
/// libusb runs inside `handleEvents` on the loop thread; events wait in `events` to be drained.
/// Not Sendable: everything happens on the event loop thread.
final class USBDeviceLink {
    let config: USBDevice
    private var decoder: USBReportDecoder
    private(set) var handle: OpaquePointer?
    private var transfer: UnsafeMutablePointer<libusb_transfer>?
    /// Report memory libusb writes into; allocated per attach, freed with the transfer.
    private var buffer = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
    private(set) var inFlight = false
    /// Gone from the bus, waiting for the cancelled transfer to come back before letting go.
    private var leaving = false
    /// Consecutive failed transfers; a device that keeps failing is given up until replugged.
    private var failures = 0
    /// The kernel's driver was detached by `attach` and is given back by `release`.
    private var kernelDriverDetached = false
    var events: [USBEvent] = []

    init(config: USBDevice, inputs: [USBInputBit]) {
        self.config = config
        decoder = USBReportDecoder(device: config, inputs: inputs)
    }

    /// Attached and reading (not on its way out).
    var isAttached: Bool { handle != nil && !leaving }
    var device: OpaquePointer? { handle.map { libusb_get_device($0) } }

    /// Opens the listed device, lets libusb detach a kernel driver (usbhid), claims the interface
    /// and starts reading.
    func attach(_ device: OpaquePointer) -> Result<Void, DeviceError> {
        var opened: OpaquePointer?
        var status = libusb_open(device, &opened)
        guard status == 0, let opened else { return .failure(failure("open", status)) }
        // Detach a bound kernel driver (usbhid) only when there is one, and give it back on release.
        // Asking first (rather than libusb's auto-detach) also works where usbfs cannot name drivers.
        let interface = Int32(config.interface)
        kernelDriverDetached =
            libusb_kernel_driver_active(opened, interface) == 1
            && libusb_detach_kernel_driver(opened, interface) == 0
        status = libusb_claim_interface(opened, interface)
        guard status == 0 else {
            if kernelDriverDetached { _ = libusb_attach_kernel_driver(opened, interface) }
            kernelDriverDetached = false
            libusb_close(opened)
            return .failure(failure("claiming interface \(config.interface)", status))
        }
        let packet = libusb_get_max_packet_size(device, config.endpoint)
        buffer = .allocate(capacity: packet > 0 ? Int(packet) : 64)
        buffer.initialize(repeating: 0)
        handle = opened
        transfer = libusb_alloc_transfer(0)
        failures = 0
        if case .failure(let error) = submit() {
            release()
            return .failure(error)
        }
        return .success(())
    }

    /// Cancels the transfer in flight; its callback (with CANCELLED) follows in `handleEvents`.
    private func cancel() {
        if inFlight, let transfer { _ = libusb_cancel_transfer(transfer) }
    }

    /// Gives the interface back and closes the handle. Only when no transfer is in flight.
    func release() {
        guard !inFlight else { return }
        if let transfer { libusb_free_transfer(transfer) }
        transfer = nil
        buffer.deallocate()
        buffer = UnsafeMutableBufferPointer(start: nil, count: 0)
        leaving = false
        if let handle {
            _ = libusb_release_interface(handle, Int32(config.interface))
            if kernelDriverDetached { _ = libusb_attach_kernel_driver(handle, Int32(config.interface)) }
            libusb_close(handle)
        }
        handle = nil
        kernelDriverDetached = false
        decoder.reset()
    }

    /// The device left (hotplug or a transfer said so): report it once and stop reading it.
    func markGone() {
        guard isAttached else { return }
        events.append(.detached(device: config.id))
        shutDown()
    }

    /// Stops reading; `releaseIfDone()` lets go of the device once no transfer is in flight.
    /// Never releases here: this runs inside libusb's transfer callback, and closing a handle
    /// there deadlocks on libusb's own lock (found by the umockdev unplug test).
    func shutDown() {
        guard handle != nil else { return }
        leaving = true
        cancel()
    }

    /// Closes a device that is leaving once its transfer is back. Call outside libusb callbacks.
    func releaseIfDone() {
        if leaving, !inFlight { release() }
    }

    private func submit() -> Result<Void, DeviceError> {
        guard let handle, let transfer else { return .failure(failure("submitting a transfer", -99)) }
        transfer.pointee.dev_handle = handle
        transfer.pointee.endpoint = config.endpoint
        transfer.pointee.type = UInt8(LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue)
        transfer.pointee.timeout = 0
        transfer.pointee.length = Int32(buffer.count)
        transfer.pointee.user_data = Unmanaged.passUnretained(self).toOpaque()
        transfer.pointee.callback = { transfer in
            guard let transfer, let owner = transfer.pointee.user_data else { return }
            Unmanaged<USBDeviceLink>.fromOpaque(owner).takeUnretainedValue().completed(transfer)
        }
        transfer.pointee.buffer = buffer.baseAddress
        let status = libusb_submit_transfer(transfer)
        inFlight = status == 0
        return status == 0 ? .success(()) : .failure(failure("submitting a transfer", status))
    }

    private func completed(_ transfer: UnsafeMutablePointer<libusb_transfer>) {
        inFlight = false
        let status = transfer.pointee.status
        switch status {
        case LIBUSB_TRANSFER_COMPLETED:
            failures = 0
            events += decoder.decode(Array(buffer.prefix(Int(transfer.pointee.actual_length))))
            resubmit()
        case LIBUSB_TRANSFER_TIMED_OUT: resubmit()
        case LIBUSB_TRANSFER_CANCELLED, LIBUSB_TRANSFER_NO_DEVICE:
            // Cancelled by close or by a hotplug departure, or the device vanished under it;
            // `releaseIfDone()` closes it after `handleEvents` returns.
            markGone()
        default:
            // A failed transfer is retried without a fault: an unplug shows first as a bus error
            // (-EPROTO) on the transfer in flight, just before the departure is reported (found by
            // the HIL rig), and a glitch the next transfer recovers from is no station fault.
            // Three failures in a row are one: the device is given up until it is replugged.
            failures += 1
            if failures < 3 {
                if case .failure = submit() { markGone() }  // refused: the device is leaving
                return
            }
            events.append(
                .fault(
                    DeviceFault(
                        device: config.id, kind: .usb,
                        message:
                            "\(config.subject): interrupt transfer failed \(failures) times in a row (status \(status.rawValue)); replug it to retry"
                    )))
            markGone()
        }
    }

    private func resubmit() {
        if case .failure = submit() { markGone() }
    }

    private func failure(_ action: String, _ status: Int32) -> DeviceError {
        let hint =
            status == LIBUSB_ERROR_ACCESS.rawValue
            ? "expected the service user to have access (udev rule in systemd/)"
            : status == LIBUSB_ERROR_BUSY.rawValue
                ? "expected no other program to hold the interface" : "expected it to work"
        let kind: DeviceError.Kind =
            status == LIBUSB_ERROR_ACCESS.rawValue
            ? .permission
            : status == LIBUSB_ERROR_NO_DEVICE.rawValue || status == LIBUSB_ERROR_NOT_FOUND.rawValue
                ? .notFound : .system
        return DeviceError(
            device: config.subject, kind: kind, message: "\(action) failed (\(USBContext.text(status))); \(hint)")
    }
}
