/// Splits a TCP byte stream into Open Protocol frames, whatever the reads look like: a frame split over several
/// reads, several frames in one read, garbage in between.
///
/// Memory is bounded: between calls it keeps at most one incomplete frame (≤ 10 000 bytes, the largest frame and
/// its NUL). A chunk passed to `feed` is consumed whole.
///
/// After an error the decoder **resynchronises by itself**: it moves on byte by byte to the next place that looks
/// like a frame start (4 digits for a length of 20…9999, 4 digits of MID and a revision of digits or blanks) and
/// carries on from there. A frame whose NUL comes early or late is handled the same way, so a truncated frame does
/// not swallow the good frame behind it. One error is reported per broken stretch (a stretch ends at a good frame
/// or a NUL), so a run of garbage is one error, not one per byte. The caller never has to drop the
/// connection for a framing error; whether repeated errors mean a broken peer is the session's policy
/// (`ControllerSession` drops the connection after a few in a row).
///
/// A frame that declares a long length and then stalls is not an error here (the rest may still come); the
/// session's answer timer is what ends that wait.
public struct FrameDecoder: Sendable {
    /// The most a decoder holds between calls: the largest frame plus its NUL.
    public static let bufferLimit = OpenProtocolFrame.maximumLength + 1

    private var buffer: [UInt8] = []
    /// Stream offset of `buffer[0]`, so errors can say where they are.
    private var bufferOffset = 0
    /// What the last NUL search found: the first NUL at or after `from` is `at`; nil means none before `searchedTo`.
    struct NULScan: Sendable {
        var from = 0, searchedTo = 0
        var at: Int?

        /// Follows the buffer when its first `count` bytes are dropped.
        mutating func shift(by count: Int) {
            if let nul = at, nul < count {
                self = NULScan()
                return
            }
            from = max(0, from - count)
            searchedTo = max(0, searchedTo - count)
            at = at.map { $0 - count }
        }
    }
    private var nulScan = NULScan()
    /// True after an error until a good frame or a NUL: errors meanwhile are part of the same broken stretch.
    private var resynchronising = false

    public init() {}

    /// Bytes held for an incomplete frame (never more than `bufferLimit`).
    public var bufferedCount: Int { buffer.count }

    /// Feeds one read's bytes and returns the frames and errors they complete, in stream order.
    public mutating func feed<C: Collection<UInt8>>(_ chunk: C) -> [Result<OpenProtocolFrame, FrameError>] {
        buffer.append(contentsOf: chunk)
        var results: [Result<OpenProtocolFrame, FrameError>] = []
        var index = 0
        // An error is reported once per broken stretch: the stretch ends at a good frame or at a NUL.
        func report(_ kind: FrameError.Kind, at index: Int) {
            if !resynchronising { results.append(.failure(error(at: index, kind))) }
            resynchronising = true
        }
        scan: while index < buffer.count {
            switch plausibleStart(at: index) {
            case .needMore: break scan
            case .no:
                if buffer[index] == 0 && resynchronising {
                    resynchronising = false
                } else {
                    report(.badLength(found: Array(buffer[index..<min(index + 11, buffer.count)])), at: index)
                }
                index += 1
                continue scan
            case .yes: break
            }
            let length = ASCII.number(buffer[index..<index + 4])!
            // Errors below resume one byte later, not after the declared length: that length may be garbage too,
            // and the good frame that follows a cut-short one must not be skipped.
            if let nul = firstNUL(from: index), nul < index + length {
                report(.truncated(declaredLength: length, nulAt: nul - index), at: index)
                index += 1
                continue scan
            }
            guard buffer.count > index + length else { break scan }
            let terminator = buffer[index + length]
            guard terminator == 0 else {
                report(.missingTerminator(declaredLength: length, found: terminator), at: index)
                index += 1
                continue scan
            }
            switch decodeFrame(at: index, length: length) {
            case .success(let frame): results.append(.success(frame))
            case .failure(let error): report(error.kind, at: index)
            }
            resynchronising = false  // past this frame's NUL either way
            index += length + 1
        }
        buffer.removeFirst(index)
        bufferOffset += index
        nulScan.shift(by: index)
        return results
    }

    /// The first NUL at or after `index`. Remembered across calls and reads: resynchronising through digit-laden
    /// garbage tries many starts, and a long frame arrives in many reads; searching afresh each time would make
    /// the cost grow with the square of the length.
    private mutating func firstNUL(from index: Int) -> Int? {
        if index >= nulScan.from {
            if let at = nulScan.at, at >= index { return at }
            if nulScan.at == nil {
                let found = buffer[max(index, nulScan.searchedTo)...].firstIndex(of: 0)
                nulScan = NULScan(from: index, searchedTo: buffer.count, at: found)
                return found
            }
        }
        nulScan = NULScan(from: index, searchedTo: buffer.count, at: buffer[index...].firstIndex(of: 0))
        return nulScan.at
    }

    private enum Plausibility { case yes, no, needMore }

    /// Whether a frame could start at `index`: length digits (20…9999), MID digits, revision digits or blanks.
    /// Checked byte by byte so garbage is refused as soon as one byte gives it away.
    private func plausibleStart(at index: Int) -> Plausibility {
        var length = 0
        var position = index
        while position < index + 11 {
            guard position < buffer.count else { return .needMore }
            let byte = buffer[position]
            let digit = byte >= 0x30 && byte <= 0x39
            guard digit || (position >= index + 8 && byte == 0x20) else { return .no }
            if position < index + 4 { length = length * 10 + Int(byte &- 0x30) }
            if position == index + 3, length < OpenProtocolFrame.headerSize { return .no }
            position += 1
        }
        return .yes
    }

    private func error(at index: Int, _ kind: FrameError.Kind) -> FrameError {
        FrameError(offset: bufferOffset + index, kind: kind)
    }

    private func decodeFrame(at index: Int, length: Int) -> Result<OpenProtocolFrame, FrameError> {
        do {
            return .success(
                try OpenProtocolFrame(
                    header: buffer[index..<index + OpenProtocolFrame.headerSize],
                    data: Array(buffer[index + OpenProtocolFrame.headerSize..<index + length])))
        } catch {
            return .failure(self.error(at: index, error))
        }
    }
}

extension OpenProtocolFrame {
    /// Reads the 20 header bytes (length already checked by the caller).
    init(header: ArraySlice<UInt8>, data: [UInt8]) throws(FrameError.Kind) {
        let h = Array(header)
        guard let mid = ASCII.number(h[4..<8]) else {
            throw .badHeaderField(name: "MID", found: Array(h[4..<8]), expected: "4 digits")
        }
        let revisionBytes = h[8..<11]
        let revision: Int
        if ASCII.isBlank(revisionBytes) {
            revision = 1
        } else if let value = ASCII.number(revisionBytes) {
            revision = max(value, 1)  // 000 means revision 1
        } else {
            throw .badHeaderField(name: "revision", found: Array(revisionBytes), expected: "3 digits or blanks")
        }
        let flag = h[11]
        guard flag == ASCII.space || flag == ASCII.zero || flag == ASCII.one else {
            throw .badHeaderField(name: "no-ack flag", found: [flag], expected: "0, 1 or blank")
        }
        self.init(
            mid: MID(mid), revision: revision, noAcknowledge: flag == ASCII.one,
            station: try Self.optionalNumber(h[12..<14], name: "station id"),
            spindle: try Self.optionalNumber(h[14..<16], name: "spindle id"),
            sequence: try Self.optionalNumber(h[16..<18], name: "sequence number"),
            parts: try Self.optionalNumber(h[18..<19], name: "message parts"),
            partNumber: try Self.optionalNumber(h[19..<20], name: "part number"),
            data: data)
    }

    private static func optionalNumber(_ bytes: ArraySlice<UInt8>, name: String) throws(FrameError.Kind) -> Int? {
        if ASCII.isBlank(bytes) { return nil }
        guard let value = ASCII.number(bytes) else {
            throw .badHeaderField(name: name, found: Array(bytes), expected: "\(bytes.count) digits or blanks")
        }
        return value
    }

    /// Decodes exactly one frame (NUL included), for tests and tools; streams go through `FrameDecoder`.
    public init(decoding bytes: [UInt8]) throws(FrameError) {
        var decoder = FrameDecoder()
        let results = decoder.feed(bytes)
        guard results.count == 1, decoder.bufferedCount == 0, case .success(let frame) = results[0] else {
            if let first = results.first, case .failure(let error) = first { throw error }
            throw FrameError(offset: 0, kind: .incomplete(received: bytes.count))
        }
        self = frame
    }
}
