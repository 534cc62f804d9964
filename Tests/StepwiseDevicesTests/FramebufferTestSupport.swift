import Glibc
import StepwiseCore
@testable import StepwiseDevices

/// A fresh directory under /tmp for one test.
func makeTemporaryDirectory() -> String {
    var template = Array("/tmp/stepwise-devices-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
}

/// A projector writing to a file, as a cell file without a projector describes it.
func fileProjector(_ path: String, width: Int = 64, height: Int = 32, format: PixelFormat, stride: Int? = nil)
    -> FramebufferConfig
{
    FramebufferConfig(target: .file(path: path), width: width, height: height, pixelFormat: format, stride: stride)
}

/// The whole file, read back with plain POSIX calls.
func readBytes(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count <= 0 { return bytes }
        bytes += chunk[0..<count]
    }
}

/// A cairo-style ARGB32 image whose every pixel is distinct and has all channels in use.
struct SourceImage {
    let width: Int, height: Int, bytesPerRow: Int
    var words: [UInt32]

    init(width: Int = 64, height: Int = 32, alpha: UInt32 = 0x80) {
        self.width = width
        self.height = height
        bytesPerRow = width * 4
        words = (0..<(width * height)).map { index in
            let x = UInt32(index % width), y = UInt32(index / width)
            return alpha << 24 | (x * 4 + 3) << 16 | (y * 8 + 5) << 8 | ((x ^ y) * 7 & 0xff)
        }
    }

    func pixel(_ x: Int, _ y: Int) -> UInt32 { words[y * width + x] }

    func present(on framebuffer: Framebuffer, damage: [PixelRect]) -> Result<Void, DeviceError> {
        words.withUnsafeBytes { framebuffer.present(argb32: $0, sourceBytesPerRow: bytesPerRow, damage: damage) }
    }
}

extension Array where Element == UInt8 {
    func word32(at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(self[offset + $1]) << (8 * $1) }
    }
    func word16(at offset: Int) -> UInt16 { UInt16(self[offset]) | UInt16(self[offset + 1]) << 8 }
}
