/// A frame the decoder could not read, located by its byte offset in the connection's stream.
public struct FrameError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Error, Hashable, Sendable {
        /// The bytes where a frame should start are not a length of 20…9999, a MID and a revision (garbage, or a
        /// lost frame start); `found` holds up to 11 of them.
        case badLength(found: [UInt8])
        /// A NUL arrived before the declared length was reached: the frame was cut short.
        case truncated(declaredLength: Int, nulAt: Int)
        /// The byte after the declared length is not the NUL terminator.
        case missingTerminator(declaredLength: Int, found: UInt8)
        /// A header field (MID, revision, flag, ids) is not what the specification allows.
        case badHeaderField(name: String, found: [UInt8], expected: String)
        /// The bytes ended inside a frame (only from `OpenProtocolFrame(decoding:)`; a stream just waits for more).
        case incomplete(received: Int)
    }

    /// Bytes of the stream before the frame (or garbage) this error is about.
    public var offset: Int
    public var kind: Kind

    public init(offset: Int, kind: Kind) {
        self.offset = offset
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .badLength(let found):
            "byte \(offset): \(ASCII.quoted(found)) is not a frame start; expected a length 0020…9999, a 4-digit MID and a revision"
        case .truncated(let length, let nulAt):
            "byte \(offset): frame of \(length) bytes ends early with a NUL at byte \(nulAt) of it; expected \(length) bytes before the NUL"
        case .missingTerminator(let length, let found):
            "byte \(offset): frame of \(length) bytes is followed by \(ASCII.quoted([found])); expected the NUL terminator"
        case .badHeaderField(let name, let found, let expected):
            "byte \(offset): header \(name) is \(ASCII.quoted(found)); expected \(expected)"
        case .incomplete(let received):
            "byte \(offset): the bytes end inside a frame after \(received) bytes; expected a whole frame and its NUL"
        }
    }
}
