/// HID keyboard usage IDs (USB HID Usage Tables, page 0x07) as a US-layout keyboard types them —
/// the layout badge and barcode readers emulate regardless of the host's keymap.
enum HIDUsageTable {
    static let enter: UInt8 = 0x28
    static let keypadEnter: UInt8 = 0x58
    static let backspace: UInt8 = 0x2a
    /// ErrorRollOver: sent in every key slot when too many keys are down; not a key.
    static let rollOver: UInt8 = 0x01

    /// Left shift (bit 1) or right shift (bit 5) in the modifier byte.
    static func shifted(_ modifiers: UInt8) -> Bool { modifiers & 0x22 != 0 }

    /// The character a usage types, or nil for keys that type nothing (modifiers, F-keys, arrows).
    static func character(_ usage: UInt8, shift: Bool) -> Character? {
        switch usage {
        case 0x04...0x1d:
            let letter = Character(UnicodeScalar(UInt8(ascii: "a") + usage - 0x04))
            return shift ? Character(letter.uppercased()) : letter
        case 0x1e...0x38:
            let typed = Array(shift ? shiftedRow : plainRow)[Int(usage - 0x1e)]
            return typed == "\u{0}" ? nil : typed
        case 0x59...0x62:
            return Array("1234567890")[Int(usage - 0x59)]
        case 0x54: return "/"
        case 0x55: return "*"
        case 0x56: return "-"
        case 0x57: return "+"
        case 0x63: return "."
        default: return nil
        }
    }

    /// Usages 0x1e…0x38: digits 1…0, then Enter, Escape, Backspace, Tab (typing nothing here:
    /// Enter and Backspace are handled before this table), space and punctuation.
    private static let plainRow = "1234567890\u{0}\u{0}\u{0}\u{0} -=[]\\#;'`,./"
    private static let shiftedRow = "!@#$%^&*()\u{0}\u{0}\u{0}\u{0} _+{}|~:\"~<>?"
}
