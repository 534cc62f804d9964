/// One Open Protocol message as it travels on the wire (specification 2.16.0):
///
///     length(4) MID(4) revision(3) no-ack(1) station(2) spindle(2) sequence(2) parts(1) part(1) data… NUL
///
/// All header fields are ASCII. `length` counts header and data but not the NUL terminator, so the smallest frame
/// is 20 bytes plus the NUL and the largest is 9999 plus the NUL.
public struct OpenProtocolFrame: Hashable, Sendable, CustomStringConvertible {
    /// The header is 20 bytes; the 4-digit length caps a frame at 9999 bytes before the NUL.
    public static let headerSize = 20
    public static let maximumLength = 9999
    public static let maximumDataSize = maximumLength - headerSize

    public var mid: MID
    /// Blank and `000` on the wire both mean revision 1.
    public var revision: Int
    /// Set by the sender when it does not want the usual acknowledgement (the `1` flag).
    public var noAcknowledge: Bool
    public var station: Int?
    public var spindle: Int?
    public var sequence: Int?
    public var parts: Int?
    public var partNumber: Int?
    /// Everything between the header and the NUL; the typed messages read it field by field.
    public var data: [UInt8]

    public init(
        mid: MID, revision: Int = 1, noAcknowledge: Bool = false, station: Int? = nil, spindle: Int? = nil,
        sequence: Int? = nil, parts: Int? = nil, partNumber: Int? = nil, data: [UInt8] = []
    ) {
        self.mid = mid
        self.revision = revision
        self.noAcknowledge = noAcknowledge
        self.station = station
        self.spindle = spindle
        self.sequence = sequence
        self.parts = parts
        self.partNumber = partNumber
        self.data = data
    }

    /// Header plus data, without the terminator.
    public var length: Int { Self.headerSize + data.count }

    public var description: String { "MID \(mid) rev \(revision) (\(data.count) data bytes)" }
}

/// A message id: 4 decimal digits on the wire.
public struct MID: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public var rawValue: Int
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public init(integerLiteral value: Int) { rawValue = value }
    public static func < (lhs: MID, rhs: MID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String {
        ASCII.digits(rawValue, width: 4).map { String(decoding: $0, as: UTF8.self) } ?? "\(rawValue)"
    }

    public static let communicationStart: MID = 1
    public static let communicationStartAcknowledge: MID = 2
    public static let communicationStop: MID = 3
    public static let commandError: MID = 4
    public static let commandAccepted: MID = 5
    public static let selectParameterSet: MID = 18
    public static let disableTool: MID = 42
    public static let enableTool: MID = 43
    public static let lastResultSubscribe: MID = 60
    public static let lastResult: MID = 61
    public static let lastResultAcknowledge: MID = 62
    public static let lastResultUnsubscribe: MID = 63
    public static let keepAlive: MID = 9999
}

/// Why a frame could not be encoded: a value that does not fit its fixed-width ASCII field.
public struct FrameEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var value: Int
    public var expected: String
    public var description: String { "\(field) \(value) does not fit the frame; expected \(expected)" }
}

extension OpenProtocolFrame {
    /// The bytes to send, NUL included. Throws when a header value does not fit its field or the data is too long.
    public func encoded() throws(FrameEncodingError) -> [UInt8] {
        guard data.count <= Self.maximumDataSize else {
            throw FrameEncodingError(
                field: "data size", value: data.count, expected: "at most \(Self.maximumDataSize) bytes")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length + 1)
        bytes += try Self.field(length, width: 4, name: "length")
        bytes += try Self.field(mid.rawValue, width: 4, name: "MID")
        bytes += try Self.field(revision, width: 3, name: "revision", range: 1...999)
        bytes.append(noAcknowledge ? ASCII.one : ASCII.zero)
        bytes += try Self.optional(station, width: 2, name: "station id")
        bytes += try Self.optional(spindle, width: 2, name: "spindle id")
        bytes += try Self.optional(sequence, width: 2, name: "sequence number")
        bytes += try Self.optional(parts, width: 1, name: "message parts")
        bytes += try Self.optional(partNumber, width: 1, name: "part number")
        bytes += data
        bytes.append(0)
        return bytes
    }

    private static func field(_ value: Int, width: Int, name: String, range: ClosedRange<Int>? = nil)
        throws(FrameEncodingError) -> [UInt8]
    {
        let limit = range ?? 0...(ASCII.power10(width) - 1)
        guard limit.contains(value), let digits = ASCII.digits(value, width: width) else {
            throw FrameEncodingError(field: name, value: value, expected: "\(limit.lowerBound)…\(limit.upperBound)")
        }
        return digits
    }

    private static func optional(_ value: Int?, width: Int, name: String) throws(FrameEncodingError) -> [UInt8] {
        guard let value else { return Array(repeating: ASCII.space, count: width) }
        return try field(value, width: width, name: name)
    }
}
