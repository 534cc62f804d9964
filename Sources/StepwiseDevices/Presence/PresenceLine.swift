/// One thing a cell file names and whether it is there: a row of `stepwise devices --cell`.
public struct PresenceLine: Hashable, Sendable {
    /// The KIND column; open, so a new sensor kind or display backend names its own rows.
    public struct Kind: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let gpioInput = Kind(rawValue: "gpio input")
        public static let gpioOutput = Kind(rawValue: "gpio output")
        public static let usbDevice = Kind(rawValue: "usb device")
        public static let usbInput = Kind(rawValue: "usb input")
        public static let simulated = Kind(rawValue: "simulated")
        public static let projector = Kind(rawValue: "projector")
    }

    /// The name in the cell file: an input, output or USB device id, or `projector`.
    public var subject: String
    public var kind: Kind
    public var present: Bool
    /// Where it is (`gpiochip0 [pinctrl-bcm2711] line 17 of 58, free`) or what is wrong.
    public var detail: String

    public init(subject: String, kind: Kind, present: Bool, detail: String) {
        self.subject = subject
        self.kind = kind
        self.present = present
        self.detail = detail
    }
}

extension PresenceLine {
    /// The lines as an aligned table with a header, for a terminal.
    public static func table(_ lines: [PresenceLine]) -> String {
        let header = ["", "KIND", "NAME", "DETAIL"]
        let rows = [header] + lines.map { [$0.present ? "ok" : "MISSING", $0.kind.rawValue, $0.subject, $0.detail] }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            (0..<3).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                + "  " + row[3]
        }.joined(separator: "\n") + "\n"
    }
}
