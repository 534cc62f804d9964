import CGPIOD
import Glibc

/// The one file that calls libgpiod (1.6 API). A libgpiod 2 port replaces this file only:
/// everything else sees `GPIOChipLines`, `GPIOLineHandle` and `GPIOLineState`.
///
/// Not Sendable: the event loop thread owns it.
final class GPIOChipLines {
    enum Direction { case bothEdges, output(initiallyOn: Bool) }

    private var chips: [String: OpaquePointer] = [:]
    private var requested: [OpaquePointer] = []

    /// Opens the chip (once per name) and requests the line with the request's flags.
    func request(_ request: GPIOLineRequest, _ direction: Direction) -> Result<GPIOLineHandle, DeviceError> {
        let chip: OpaquePointer
        switch openChip(request.chip) {
        case .success(let opened): chip = opened
        case .failure(let error): return .failure(error)
        }
        let count = Int(gpiod_chip_num_lines(chip))
        guard request.line >= 0, request.line < count, let line = gpiod_chip_get_line(chip, UInt32(request.line)) else {
            return .failure(
                DeviceError(
                    device: request.subject, kind: .notFound,
                    message: "no such line; expected an offset from 0 to \(count - 1) (see gpioinfo \(request.chip))"))
        }
        if gpiod_line_is_used(line) {
            return .failure(Self.busy(request, consumer: gpiod_line_consumer(line)))
        }
        let status = request.consumer.withCString { consumer -> Int32 in
            var config = gpiod_line_request_config()
            config.consumer = consumer
            config.flags = request.flags.rawValue
            switch direction {
            case .bothEdges:
                config.request_type = Int32(GPIOD_LINE_REQUEST_EVENT_BOTH_EDGES)
                return gpiod_line_request(line, &config, 0)
            case .output(let on):
                config.request_type = Int32(GPIOD_LINE_REQUEST_DIRECTION_OUTPUT)
                return gpiod_line_request(line, &config, on ? 1 : 0)
            }
        }
        guard status == 0 else {
            if errno == EBUSY { return .failure(Self.busy(request, consumer: gpiod_line_consumer(line))) }
            return .failure(
                DeviceError(device: request.subject, kind: .system, message: "request failed: \(Self.lastErrnoText())"))
        }
        requested.append(line)
        let handle = GPIOLineHandle(pointer: line, request: request)
        if case .bothEdges = direction {
            // Non-blocking, so a spurious wake-up of the loop can never block it in read().
            let fd = handle.eventDescriptor
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        return .success(handle)
    }

    /// Releases every requested line and closes the chips.
    func close() {
        requested.forEach { gpiod_line_release($0) }
        requested = []
        chips.values.forEach { gpiod_chip_close($0) }
        chips = [:]
    }

    private func openChip(_ name: String) -> Result<OpaquePointer, DeviceError> {
        if let chip = chips[name] { return .success(chip) }
        guard let chip = gpiod_chip_open_lookup(name) else {
            return .failure(Self.chipError(name))
        }
        chips[name] = chip
        return .success(chip)
    }

    /// What is known about a line without requesting it (for `stepwise devices`).
    static func probe(chip name: String, line: Int) -> Result<GPIOLineState, DeviceError> {
        guard let chip = gpiod_chip_open_lookup(name) else { return .failure(chipError(name)) }
        defer { gpiod_chip_close(chip) }
        let count = Int(gpiod_chip_num_lines(chip))
        var state = GPIOLineState(
            chipName: String(cString: gpiod_chip_name(chip)), chipLabel: String(cString: gpiod_chip_label(chip)),
            lineCount: count, lineExists: line >= 0 && line < count, used: false, consumer: nil)
        if state.lineExists, let handle = gpiod_chip_get_line(chip, UInt32(line)) {
            state.used = gpiod_line_is_used(handle)
            state.consumer = gpiod_line_consumer(handle).map { String(cString: $0) }
        }
        return .success(state)
    }

    static func chipError(_ name: String) -> DeviceError {
        let denied = errno == EACCES || errno == EPERM
        let why =
            denied
            ? "permission denied; expected the service user in the group that owns /dev/gpiochip* (see systemd/ udev rules)"
            : "chip not found (\(lastErrnoText())); expected an existing chip such as /dev/gpiochip0 (see gpiodetect)"
        return DeviceError(device: name, kind: denied ? .permission : .notFound, message: why)
    }

    private static func busy(_ request: GPIOLineRequest, consumer: UnsafePointer<CChar>?) -> DeviceError {
        let user = consumer.map { "'\(String(cString: $0))'" } ?? "an unnamed consumer"
        return DeviceError(
            device: request.subject, kind: .system, message: "busy (used by \(user)); expected a free line")
    }

    static func lastErrnoText() -> String { String(cString: strerror(errno)) }
}

/// A requested line. Valid until its `GPIOChipLines` is closed.
struct GPIOLineHandle {
    let pointer: OpaquePointer
    let request: GPIOLineRequest

    var eventDescriptor: Int32 { gpiod_line_event_get_fd(pointer) }

    /// All pending edges as (rising, kernel timestamp ns); empty when none are pending.
    func readEdges() -> Result<[(rising: Bool, nanoseconds: UInt64)], DeviceError> {
        var edges: [(rising: Bool, nanoseconds: UInt64)] = []
        var buffer = [gpiod_line_event](repeating: gpiod_line_event(), count: 16)
        while true {
            let count = gpiod_line_event_read_multiple(pointer, &buffer, UInt32(buffer.count))
            if count < 0 {
                if errno == EAGAIN { return .success(edges) }
                return .failure(
                    DeviceError(
                        device: request.subject, kind: .system,
                        message: "reading edges failed: \(GPIOChipLines.lastErrnoText())"))
            }
            for event in buffer.prefix(Int(count)) {
                let ns = UInt64(event.ts.tv_sec) * 1_000_000_000 + UInt64(event.ts.tv_nsec)
                edges.append((event.event_type == Int32(GPIOD_LINE_EVENT_RISING_EDGE), ns))
            }
            if count < buffer.count { return .success(edges) }
        }
    }

    /// Drives the line (logical value: active-low already applied by the kernel).
    func set(_ on: Bool) -> Bool { gpiod_line_set_value(pointer, on ? 1 : 0) == 0 }
}

/// A line as `gpioinfo` would show it.
struct GPIOLineState: Hashable {
    var chipName: String
    var chipLabel: String
    var lineCount: Int
    var lineExists: Bool
    var used: Bool
    var consumer: String?
}
