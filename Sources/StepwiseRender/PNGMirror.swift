import CPangoCairo
import Foundation

/// Mirrors presented frames to a PNG file for people without a projector (the demo cell, a
/// remote check). PNG encoding takes milliseconds, so it runs on its own thread: the real-time
/// path only copies the pixels, and a newer frame replaces one not yet written.
public final class PNGMirror: @unchecked Sendable {
    // @unchecked: `pending` and `running` are only touched under `condition`'s lock.
    private let path: String
    private let condition = NSCondition()
    private var pending: FrameCopy?
    private var running = true
    private var finished = false
    private var thread: Thread?
    private var writtenCount = 0
    /// Frames written so far (for tests and the console).
    public var written: Int { condition.lock(); defer { condition.unlock() }; return writtenCount }

    public init(path: String) {
        self.path = path
        let thread = Thread { [unowned self] in self.work() }
        thread.name = "stepwise-png-mirror"
        self.thread = thread
        thread.start()
    }

    /// Copies the renderer's current pixels and queues them; returns at once.
    public func submit(_ renderer: FrameRenderer) {
        let copy = renderer.withPixels { FrameCopy(bytes: [UInt8]($0), width: renderer.width, height: renderer.height, stride: renderer.bytesPerRow) }
        condition.lock()
        pending = copy
        condition.signal()
        condition.unlock()
    }

    /// Writes what is pending and stops the thread.
    public func close() {
        condition.lock()
        running = false
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while pending == nil && running { condition.wait() }
            let frame = pending
            pending = nil
            let keepRunning = running
            condition.unlock()
            if let frame {
                frame.writePNG(to: path)
                condition.lock(); writtenCount += 1; condition.unlock()
            }
            if !keepRunning && frame == nil {
                condition.lock()
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
        }
    }
}

/// A copy of a frame's ARGB32 pixels.
struct FrameCopy {
    var bytes: [UInt8]
    var width: Int
    var height: Int
    var stride: Int

    /// Encodes with cairo to a temporary file and renames it, so a viewer never sees half a PNG.
    func writePNG(to path: String) {
        var bytes = bytes
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            let surface = cairo_image_surface_create_for_data(base, CAIRO_FORMAT_RGB24, Int32(width), Int32(height), Int32(stride))
            defer { cairo_surface_destroy(surface) }
            let temporary = path + ".tmp"
            if cairo_surface_write_to_png(surface, temporary) == CAIRO_STATUS_SUCCESS {
                _ = rename(temporary, path)
            }
        }
    }
}
