import CPangoCairo
import Glibc
import StepwiseCore

/// Two frame buffers for the PNG mirror: the event thread copies damaged rectangles into
/// `staging`, the mirror thread encodes `encoding`. Handing a frame over swaps them (no copy), so
/// the event thread never copies a whole frame and never waits for an encode.
///
/// After a swap, the new staging buffer is the frame that was encoded: it lacks the rectangles
/// drawn since it was handed over. They are kept in `stale` and copied from the renderer with the
/// next damage, so every frame handed over is complete.
/// Not thread-safe: `PNGMirror` calls it only under its `BackgroundWork` lock.
struct MirrorFrames {
    let width: Int
    let height: Int
    let bytesPerRow: Int
    private(set) var staging: UnsafeMutableRawPointer
    private(set) var encoding: UnsafeMutableRawPointer
    /// Rectangles submitted since the last swap.
    private var sinceSwap: [PixelRect] = []
    /// Rectangles the staging buffer lacks since the last swap.
    private var stale: [PixelRect] = []
    /// True when `staging` holds a frame the mirror has not taken yet.
    private(set) var hasNewFrame = false

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        bytesPerRow = width * 4
        staging = Self.allocate(bytesPerRow * height)
        encoding = Self.allocate(bytesPerRow * height)
    }

    /// Black (what the projector shows before the first frame), touched once now so no page
    /// faults later land on the event thread.
    private static func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 4), alignment: 64)
        memset(memory, 0, max(bytes, 4))
        ResidentMemory.keep(memory, bytes: max(bytes, 4))
        return memory
    }

    func release() {
        munlock(staging, bytesPerRow * height)
        munlock(encoding, bytesPerRow * height)
        staging.deallocate()
        encoding.deallocate()
    }

    /// Copies `damage` (and what staging lacks since the last swap) from the renderer's pixels.
    mutating func update(from pixels: UnsafeRawBufferPointer, sourceBytesPerRow: Int, damage: [PixelRect]) {
        guard let source = pixels.baseAddress else { return }
        let bounds = PixelRect(x: 0, y: 0, width: width, height: height)
        let clipped = damage.map { $0.intersection(bounds) }.filter { !$0.isEmpty }
        for rect in Damage.merged(clipped + stale) {
            for row in rect.y..<rect.maxY {
                memcpy(
                    staging + row * bytesPerRow + rect.x * 4, source + row * sourceBytesPerRow + rect.x * 4,
                    rect.width * 4)
            }
        }
        stale = []
        sinceSwap = Self.bounded(Damage.merged(sinceSwap + clipped))
        hasNewFrame = true
    }

    /// Hands the staging frame to the encoder; the old encoding buffer becomes staging.
    mutating func swap() {
        (staging, encoding) = (encoding, staging)
        stale = sinceSwap
        sinceSwap = []
        hasNewFrame = false
    }

    /// Many small rectangles cost more to track than one bounding box costs to copy.
    private static func bounded(_ rects: [PixelRect]) -> [PixelRect] {
        guard rects.count > 16, let first = rects.first else { return rects }
        return [rects.dropFirst().reduce(first) { $0.union($1) }]
    }

    /// Encodes `pixels` with cairo to a temporary file and renames it, so a viewer never sees half a PNG.
    static func writePNG(_ pixels: UnsafeMutableRawPointer, width: Int, height: Int, bytesPerRow: Int, to path: String)
        -> Bool
    {
        let surface = cairo_image_surface_create_for_data(
            pixels.assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_RGB24, Int32(width), Int32(height),
            Int32(bytesPerRow))
        defer { cairo_surface_destroy(surface) }
        let temporary = path + ".tmp"
        guard cairo_surface_write_to_png(surface, temporary) == CAIRO_STATUS_SUCCESS else { return false }
        return rename(temporary, path) == 0
    }
}
