import Glibc

/// A device that could not be opened or used, said so that an engineer wiring a cell knows
/// what is wrong and what was expected.
public struct DeviceError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// The device or file is not there.
        case notFound
        /// The service user may not open it.
        case permission
        /// It is there but not what Stepwise can drive (wrong pixel format, not a framebuffer …).
        case unsupported
        /// A system call failed while using it.
        case system
    }

    /// The device path, socket or facility concerned (`/dev/fb0`, `epoll`, `NOTIFY_SOCKET`).
    public var device: String
    public var kind: Kind
    /// What is wrong and what is expected.
    public var message: String

    public init(device: String, kind: Kind, message: String) {
        self.device = device
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(device): \(message)" }

    /// A failed system call: names the call, the errno text, and what was expected.
    static func system(_ device: String, _ call: String, errno code: Int32, expected: String) -> DeviceError {
        let kind: Kind =
            switch code {
            case ENOENT, ENODEV, ENXIO: .notFound
            case EACCES, EPERM: .permission
            default: .system
            }
        return DeviceError(
            device: device, kind: kind, message: "\(call) failed: \(errnoText(code)); expected \(expected)")
    }
}

/// `strerror` as a Swift string.
func errnoText(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "errno \(code)" }
    return String(cString: text)
}
