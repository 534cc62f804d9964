import Foundation

/// A step picture checked the way the renderer will read it: a regular file of bounded size whose
/// bytes are a well-formed PNG (signature, a sane header, every chunk's CRC, image data, an end).
///
/// cairo decodes the image data itself at run time; a file that passes here and still fails there
/// (a deliberately broken zlib stream behind correct CRCs) is drawn as the calm placeholder.
///
/// Symlinks are followed wherever they point: a picture path may already leave the set's folder
/// (`../shared/x.png`), so a link doing so is no different; what it names must still be a regular
/// file that is a PNG, which /etc/shadow, /dev/zero or a FIFO never are.
enum PictureFile {
    /// Why `path` cannot be used as a picture, phrased to follow "picture 'x' …", or nil if it can.
    static func problem(at path: String) -> String? {
        switch FileKind.of(path) {
        case .missing: return "does not exist (looked for \(path))"
        case .regular, .symlink: break
        case let other: return "is \(other), not a picture file (\(path))"
        }
        switch RegularFile.read(path, maxBytes: Limits.pictureBytes) {
        case .failure(let refusal):
            return refusal.reason == "missing"
                ? "is a link to nothing (\(path))" : "cannot be read: it is \(refusal.reason) (\(path))"
        case .success(let bytes):
            return PNGStructure.problem(in: bytes).map { "is not a usable PNG: \($0) (\(path))" }
        }
    }
}

/// The chunk structure of a PNG file (ISO/IEC 15948), checked without decoding pixels.
enum PNGStructure {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// What is wrong with `bytes` as a PNG, or nil when its structure is sound.
    static func problem(in bytes: Data) -> String? {
        let data = [UInt8](bytes)
        if data.isEmpty { return "the file is empty" }
        guard data.starts(with: signature) else { return "the file does not start with the PNG signature" }
        var offset = signature.count
        var chunks = 0, sawData = false
        while offset < data.count {
            guard offset + 12 <= data.count else { return "the file ends inside a chunk" }
            let length = Int(bigEndian(data, offset))
            let type = Array(data[(offset + 4)..<(offset + 8)])
            guard length <= 0x7FFF_FFFF, offset + 12 + length <= data.count else {
                return "a chunk runs past the end of the file"
            }
            let body = data[(offset + 8)..<(offset + 8 + length)]
            guard crc32(type + body) == bigEndian(data, offset + 8 + length) else {
                return "chunk \(name(type)) at byte \(offset) has a wrong checksum"
            }
            if chunks == 0 {
                guard name(type) == "IHDR" else { return "the first chunk is \(name(type)), not IHDR" }
                if let header = headerProblem(Array(body)) { return header }
            }
            chunks += 1
            switch name(type) {
            case "IDAT":
                if !sawData, let zlib = zlibHeaderProblem(body) { return zlib }
                sawData = true
            case "IEND": return sawData ? nil : "there is no image data (IDAT)"
            default: break
            }
            offset += 12 + length
        }
        return "the file has no end chunk (IEND); it may be cut short"
    }

    private static func headerProblem(_ body: [UInt8]) -> String? {
        guard body.count == 13 else { return "the IHDR chunk has \(body.count) bytes, not 13" }
        let width = Int(bigEndian(body, 0)), height = Int(bigEndian(body, 4))
        guard Limits.picturePixels.contains(width), Limits.picturePixels.contains(height) else {
            return "the image is \(width)×\(height) pixels, expected 1 to \(Limits.picturePixels.upperBound) per side"
        }
        let depth = body[8], color = body[9]
        let depths: [UInt8: Set<UInt8>] = [
            0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16],
        ]
        guard depths[color]?.contains(depth) == true, body[10] == 0, body[11] == 0, body[12] <= 1 else {
            return "the header has an invalid colour type, bit depth or method"
        }
        return nil
    }

    /// The image data is one zlib stream (RFC 1950): deflate, a window of at most 32 KiB, no preset
    /// dictionary, and a header checksum. Its start is the first IDAT chunk's first two bytes.
    private static func zlibHeaderProblem(_ body: ArraySlice<UInt8>) -> String? {
        guard body.count >= 2 else { return body.isEmpty ? "the first image data chunk is empty" : nil }
        let cmf = body[body.startIndex], flg = body[body.startIndex + 1]
        guard cmf & 0x0F == 8, cmf >> 4 <= 7, flg & 0x20 == 0, (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0 else {
            return "the image data is not a zlib stream"
        }
        return nil
    }

    private static func bigEndian(_ data: [UInt8], _ at: Int) -> UInt32 {
        (UInt32(data[at]) << 24) | (UInt32(data[at + 1]) << 16) | (UInt32(data[at + 2]) << 8) | UInt32(data[at + 3])
    }

    private static func name(_ type: [UInt8]) -> String {
        type.allSatisfy { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
            ? String(decoding: type, as: UTF8.self) : "0x" + type.map { String($0, radix: 16) }.joined()
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        (0..<8).reduce(UInt32(n)) { c, _ in c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }

    static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        ~bytes.reduce(UInt32.max) { crcTable[Int(($0 ^ UInt32($1)) & 0xFF)] ^ ($0 >> 8) }
    }
}
