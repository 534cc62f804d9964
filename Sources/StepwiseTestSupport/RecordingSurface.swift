import StepwiseCore
import StepwiseDevices

/// A display backend in memory: keeps every present's damage and the pixels it was given, and
/// fails on request, so a test sees what reached "the screen" through `DisplaySurface` without a
/// framebuffer.
public final class RecordingSurface: DisplaySurface {
    public let name: String
    public let width: Int
    public let height: Int
    public var warnings: [DeviceError] = []
    /// Each present's damage, in order.
    public private(set) var presents: [[PixelRect]] = []
    /// The screen as ARGB32 words, row by row (what the damage copied so far).
    public private(set) var pixels: [UInt32]
    /// The next presents fail with this error (a projector unplugged mid-shift).
    public var failure: DeviceError?
    public private(set) var isClosed = false

    public init(name: String = "recording", width: Int, height: Int) {
        self.name = name
        self.width = width
        self.height = height
        pixels = Array(repeating: 0, count: width * height)
    }

    public func present(argb32 source: UnsafeRawBufferPointer, sourceBytesPerRow: Int, damage: [PixelRect])
        -> Result<Void, DeviceError>
    {
        if let failure { return .failure(failure) }
        guard !isClosed else { return .failure(DeviceError(device: name, kind: .system, message: "closed")) }
        presents.append(damage)
        for rect in damage {
            for y in max(0, rect.y)..<min(height, rect.y + rect.height) {
                for x in max(0, rect.x)..<min(width, rect.x + rect.width) {
                    pixels[y * width + x] = source.load(fromByteOffset: y * sourceBytesPerRow + x * 4, as: UInt32.self)
                }
            }
        }
        return .success(())
    }

    /// The ARGB32 word at (x, y).
    public func pixel(x: Int, y: Int) -> UInt32 { pixels[y * width + x] }

    public func visiblePageBytes() -> [UInt8] {
        isClosed ? [] : pixels.withUnsafeBytes { Array($0) }
    }

    @discardableResult public func restoreVisiblePage(_ bytes: [UInt8]) -> Bool {
        guard !isClosed, bytes.count == pixels.count * 4 else { return false }
        pixels.withUnsafeMutableBytes { $0.copyBytes(from: bytes) }
        return true
    }

    public func close() { isClosed = true }
}
