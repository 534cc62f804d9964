/// The few ASCII helpers the fixed-width fields need; kept free of Foundation so the codec stays a pure value layer.
enum ASCII {
    static let zero: UInt8 = 0x30
    static let one: UInt8 = 0x31
    static let space: UInt8 = 0x20

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func power10(_ width: Int) -> Int {
        var result = 1
        for _ in 0..<width { result *= 10 }
        return result
    }

    /// `value` as exactly `width` decimal digits with leading zeros, or nil when negative or too wide.
    static func digits(_ value: Int, width: Int) -> [UInt8]? {
        guard value >= 0, width <= 18, value < power10(width) else { return nil }
        var bytes = [UInt8](repeating: zero, count: width)
        var rest = value
        for index in stride(from: width - 1, through: 0, by: -1) {
            bytes[index] = zero + UInt8(rest % 10)
            rest /= 10
        }
        return bytes
    }

    /// The value of a run of digits (at most 18, so it cannot overflow), or nil when any byte is not a digit.
    static func number<C: Collection<UInt8>>(_ bytes: C) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - zero)
        }
        return value
    }

    /// The same for array slices, written out: the decoder calls it for every candidate frame start, and an
    /// unspecialised generic is several times slower in debug builds (the fuzz test runs in one).
    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte &- 0x30)
            index += 1
        }
        return value
    }

    static func isBlank<C: Collection<UInt8>>(_ bytes: C) -> Bool { bytes.allSatisfy { $0 == space } }

    /// Bytes shown to a person: printable ASCII as is, anything else as `\xNN`, at most `limit` bytes.
    static func quoted<C: Collection<UInt8>>(_ bytes: C, limit: Int = 32) -> String {
        var text = "\""
        for byte in bytes.prefix(limit) {
            if byte >= 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x5C {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return text + (bytes.count > limit ? "…\"" : "\"")
    }
}
