/// Turns boot-protocol keyboard reports from a badge or barcode reader into the lines it types.
///
/// A report is 8 bytes: modifiers, reserved, six key slots. A key types once, in the report where
/// it first appears (held keys repeat in later reports and are not typed again). Enter completes a
/// line, Backspace removes the last character, rollover reports (all slots 0x01) are ignored.
/// Pure and deterministic; one decoder per reader.
public struct HIDKeyboardDecoder: Hashable, Sendable {
    /// Longest line kept; a reader that never sends Enter must not grow memory without end.
    public static let maximumLineLength = 256

    private var previousKeys: [UInt8] = []
    /// Text typed since the last Enter.
    public private(set) var pendingText = ""

    public init() {}

    /// Decodes one report; returns the lines it completed (usually none or one).
    public mutating func decode(_ report: [UInt8]) -> [String] {
        guard report.count >= 3 else { return [] }
        let keys = report.dropFirst(2).prefix(6).filter { $0 != 0 }
        // Phantom state: the reader could not tell which keys are down; keep the previous state.
        if !keys.isEmpty && keys.allSatisfy({ $0 == HIDUsageTable.rollOver }) { return [] }
        let shift = HIDUsageTable.shifted(report[0])
        var lines: [String] = []
        for key in keys where !previousKeys.contains(key) {
            if let line = type(key, shift: shift) { lines.append(line) }
        }
        previousKeys = Array(keys)
        return lines
    }

    /// Forgets pending text and held keys (the reader was unplugged).
    public mutating func reset() {
        previousKeys = []
        pendingText = ""
    }

    private mutating func type(_ key: UInt8, shift: Bool) -> String? {
        switch key {
        case HIDUsageTable.enter, HIDUsageTable.keypadEnter:
            defer { pendingText = "" }
            return pendingText.isEmpty ? nil : pendingText
        case HIDUsageTable.backspace:
            if !pendingText.isEmpty { pendingText.removeLast() }
        default:
            guard let character = HIDUsageTable.character(key, shift: shift) else { return nil }
            if pendingText.count < Self.maximumLineLength { pendingText.append(character) }
        }
        return nil
    }
}
