/// MID 0061 revision 1: the last tightening result, all 23 fields, each checked for its number, width and range.
public struct TighteningResult: Hashable, Sendable {
    public enum Status: Int, Hashable, Sendable { case nok = 0, ok = 1 }
    /// Torque and angle status: below the minimum, within the limits, above the maximum.
    public enum LimitStatus: Int, Hashable, Sendable { case low = 0, ok = 1, high = 2 }
    /// Batch status: 0 NOK, 1 OK, 2 no batch counting on the controller.
    public enum BatchStatus: Int, Hashable, Sendable { case nok = 0, ok = 1, notUsed = 2 }

    public var cell: Int
    public var channel: Int
    public var controllerName: String
    public var vin: String
    public var job: Int
    public var parameterSet: Int
    public var batchSize: Int
    public var batchCounter: Int
    public var status: Status
    public var torqueStatus: LimitStatus
    public var angleStatus: LimitStatus
    public var torqueMin: Torque
    public var torqueMax: Torque
    public var torqueTarget: Torque
    public var torque: Torque
    public var angleMin: Int
    public var angleMax: Int
    public var angleTarget: Int
    /// Final angle in degrees.
    public var angle: Int
    public var timeStamp: ControllerTimeStamp
    public var parameterSetChanged: ControllerTimeStamp
    public var batchStatus: BatchStatus
    /// The controller's own id of this tightening: what a quality record must carry to find it in the tool's log.
    public var tighteningID: Int

    public var isOK: Bool { status == .ok }

    public init(frame: OpenProtocolFrame) throws(MessageError) {
        guard frame.revision == 1 else {
            throw MessageError(
                mid: frame.mid, revision: frame.revision, byte: 8, field: "revision",
                found: Array(String(frame.revision).utf8), expected: "1 (the revision this client subscribes to)")
        }
        var r = FieldReader(frame)
        cell = try r.number(1, width: 4, name: "cell id")
        channel = try r.number(2, width: 2, name: "channel id")
        controllerName = try r.text(3, width: 25, name: "controller name")
        vin = try r.text(4, width: 25, name: "VIN")
        job = try r.number(5, width: 2, name: "job id")
        parameterSet = try r.number(6, width: 3, name: "parameter set")
        batchSize = try r.number(7, width: 4, name: "batch size")
        batchCounter = try r.number(8, width: 4, name: "batch counter")
        status = Status(rawValue: try r.number(9, width: 1, name: "tightening status", range: 0...1))!
        torqueStatus = LimitStatus(rawValue: try r.number(10, width: 1, name: "torque status", range: 0...2))!
        angleStatus = LimitStatus(rawValue: try r.number(11, width: 1, name: "angle status", range: 0...2))!
        torqueMin = Torque(hundredths: try r.number(12, width: 6, name: "torque min"))
        torqueMax = Torque(hundredths: try r.number(13, width: 6, name: "torque max"))
        torqueTarget = Torque(hundredths: try r.number(14, width: 6, name: "torque final target"))
        torque = Torque(hundredths: try r.number(15, width: 6, name: "torque"))
        angleMin = try r.number(16, width: 5, name: "angle min")
        angleMax = try r.number(17, width: 5, name: "angle max")
        angleTarget = try r.number(18, width: 5, name: "final angle target")
        angle = try r.number(19, width: 5, name: "angle")
        timeStamp = try ControllerTimeStamp(reading: &r, parameter: 20, name: "time stamp")
        parameterSetChanged = try ControllerTimeStamp(
            reading: &r, parameter: 21, name: "last change of the parameter set")
        batchStatus = BatchStatus(rawValue: try r.number(22, width: 1, name: "batch status", range: 0...2))!
        tighteningID = try r.number(23, width: 10, name: "tightening id")
    }

    /// One line for the quality record's detail: status, values with their limits, program, batch and id.
    public var summary: String {
        "\(isOK ? "OK" : "NOK") torque \(torque) Nm (\(torqueMin)–\(torqueMax), \(torqueStatus)) "
            + "angle \(angle)° (\(angleMin)–\(angleMax), \(angleStatus)) parameter set \(parameterSet) "
            + "batch \(batchCounter)/\(batchSize) tightening \(tighteningID)"
    }
}

/// A torque as the controller sends it: newton-metres × 100, kept exact (no binary floating point on the way to
/// the quality record).
public struct Torque: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var hundredths: Int
    public init(hundredths: Int) { self.hundredths = hundredths }
    public var newtonMetres: Double { Double(hundredths) / 100 }
    public static func < (lhs: Torque, rhs: Torque) -> Bool { lhs.hundredths < rhs.hundredths }
    /// `12.34`: the decimal value, exactly as sent.
    public var description: String {
        let cents = hundredths % 100
        return "\(hundredths / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}

/// `YYYY-MM-DD:HH:MM:SS` in the controller's local time (the protocol carries no zone), checked field by field.
public struct ControllerTimeStamp: Hashable, Sendable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    init(reading reader: inout FieldReader, parameter: Int, name: String) throws(MessageError) {
        let bytes = try reader.raw(parameter, width: 19, name: name)
        let start = reader.position - 19
        let b = Array(bytes)
        let separators: [(Int, UInt8)] = [(4, 0x2D), (7, 0x2D), (10, 0x3A), (13, 0x3A), (16, 0x3A)]
        func part(_ range: Range<Int>, _ limits: ClosedRange<Int>) -> Int? {
            guard let value = ASCII.number(b[range]), limits.contains(value) else { return nil }
            return value
        }
        guard separators.allSatisfy({ b[$0.0] == $0.1 }),
            let year = part(0..<4, 0...9999), let month = part(5..<7, 1...12), let day = part(8..<10, 1...31),
            let hour = part(11..<13, 0...23), let minute = part(14..<16, 0...59), let second = part(17..<19, 0...60)
        else {
            throw reader.error(
                "field \(parameter) \(name)", bytes, expected: "YYYY-MM-DD:HH:MM:SS with a real month, day and time",
                at: start)
        }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    public var description: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let y = String(decoding: ASCII.digits(year, width: 4) ?? [], as: UTF8.self)
        return "\(y)-\(two(month))-\(two(day)):\(two(hour)):\(two(minute)):\(two(second))"
    }
}
