/// A frame whose data does not match its MID's layout, located by byte offset inside the frame.
public struct MessageError: Error, Hashable, Sendable, CustomStringConvertible {
    public var mid: MID
    public var revision: Int
    /// Offset from the first byte of the frame (the header is bytes 0…19).
    public var byte: Int
    public var field: String
    public var found: [UInt8]
    public var expected: String

    public var description: String {
        "MID \(mid) rev \(revision) byte \(byte): \(field) is \(ASCII.quoted(found)); expected \(expected)"
    }
}

/// Reads a frame's data as the specification lays it out: fields of a fixed width, each (in most MIDs) after its
/// 2-digit parameter number. Every read checks the number, the width and the characters.
struct FieldReader {
    let frame: OpenProtocolFrame
    private(set) var position = 0

    init(_ frame: OpenProtocolFrame) { self.frame = frame }

    var remaining: Int { frame.data.count - position }

    func error(_ field: String, _ found: ArraySlice<UInt8>, expected: String, at: Int? = nil) -> MessageError {
        MessageError(
            mid: frame.mid, revision: frame.revision, byte: OpenProtocolFrame.headerSize + (at ?? position),
            field: field, found: Array(found), expected: expected)
    }

    /// The next `width` bytes, after checking the 2-digit parameter number when `parameter` is given.
    mutating func raw(_ parameter: Int?, width: Int, name: String) throws(MessageError) -> ArraySlice<UInt8> {
        let label =
            parameter.map {
                "field \(ASCII.digits($0, width: 2).map { String(decoding: $0, as: UTF8.self) } ?? "\($0)") \(name)"
            } ?? name
        if let parameter {
            let numberBytes = frame.data[position..<min(position + 2, frame.data.count)]
            guard ASCII.number(numberBytes) == parameter, numberBytes.count == 2 else {
                throw error(
                    "parameter number of \(label)", numberBytes,
                    expected: "\(ASCII.digits(parameter, width: 2).map { String(decoding: $0, as: UTF8.self) } ?? "")")
            }
            position += 2
        }
        guard remaining >= width else {
            throw error(label, frame.data[position...], expected: "\(width) bytes (the data ends early)")
        }
        defer { position += width }
        return frame.data[position..<position + width]
    }

    /// A fixed-width decimal field within `range`.
    mutating func number(_ parameter: Int?, width: Int, name: String, range: ClosedRange<Int>? = nil)
        throws(MessageError) -> Int
    {
        let bytes = try raw(parameter, width: width, name: name)
        let label =
            parameter.map { "field \(String(decoding: ASCII.digits($0, width: 2)!, as: UTF8.self)) \(name)" } ?? name
        guard let value = ASCII.number(bytes) else {
            throw error(label, bytes, expected: "\(width) digits", at: position - width)
        }
        if let range, !range.contains(value) {
            throw error(label, bytes, expected: "\(range.lowerBound)…\(range.upperBound)", at: position - width)
        }
        return value
    }

    /// A fixed-width text field, trailing blanks removed (controllers pad names with spaces).
    mutating func text(_ parameter: Int?, width: Int, name: String) throws(MessageError) -> String {
        let bytes = try raw(parameter, width: width, name: name)
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == ASCII.space { end -= 1 }
        return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
    }

    /// Whether the next bytes are `parameter`'s number: how optional later-revision fields are detected.
    func next(is parameter: Int) -> Bool {
        remaining >= 2 && ASCII.number(frame.data[position..<position + 2]) == parameter
    }
}
