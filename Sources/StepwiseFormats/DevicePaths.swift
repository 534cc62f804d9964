import Foundation

/// Paths a cell names for hardware, checked as text (they are often validated on a machine
/// without that hardware) and, where they exist here, by what they are.
///
/// `..` is resolved before the check, so `/dev/../etc/passwd` is `/etc/passwd`, not a device.
enum DevicePaths {
    /// `path` with `.` and `..` resolved, or nil for a relative path.
    static func normalized(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return nil }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// A framebuffer device: `/dev/fbN` or `/dev/fb/N`; a problem phrased after "projector device 'x' ".
    static func framebufferProblem(_ path: String) -> String? {
        guard let normal = normalized(path) else { return "is not an absolute path" }
        guard isNumbered(normal, after: "/dev/fb") || isNumbered(normal, after: "/dev/fb/") else {
            return normal == path ? "is not a framebuffer device" : "is \(normal), not a framebuffer device"
        }
        return deviceKindProblem(normal)
    }

    /// A GPIO chip: a name or label libgpiod looks up (`gpiochip0`), or a path `/dev/gpiochipN`.
    static func gpioChipProblem(_ chip: String) -> String? {
        if chip.contains("/") {
            guard let normal = normalized(chip) else { return "is a relative path" }
            guard isNumbered(normal, after: "/dev/gpiochip") else {
                return normal == chip ? "is not a GPIO chip device" : "is \(normal), not a GPIO chip device"
            }
            return deviceKindProblem(normal)
        }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.:"))
        guard chip.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }), chip != ".", chip != ".." else {
            return "is not a chip name"
        }
        return nil
    }

    /// A device that exists here must be a character device (absent is fine: not this machine).
    private static func deviceKindProblem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let kind = FileKind.kind(mode: info.st_mode, size: Int(info.st_size))
        return kind == .characterDevice ? nil : "is \(kind), not a device"
    }

    private static func isNumbered(_ path: String, after prefix: String) -> Bool {
        guard path.hasPrefix(prefix) else { return false }
        let number = path.dropFirst(prefix.count)
        return (1...3).contains(number.count) && number.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A framebuffer file (`file:`) is written by the daemon: a regular file, or nothing yet. A
    /// link is refused, since the daemon would write wherever it points.
    static func frameFileProblem(_ path: String) -> String? {
        switch FileKind.of(path) {
        case .regular, .missing: return nil
        case let other: return "is \(other)"
        }
    }

    /// A simulated key is one byte the console reads: a printable ASCII character other than space.
    static func isKey(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        return scalars.count == 1 && (0x21...0x7E).contains(scalars[0].value)
    }
}
