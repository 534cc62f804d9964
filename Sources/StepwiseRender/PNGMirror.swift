import Foundation
import StepwiseCore

/// Mirrors presented frames to a PNG file for people without a projector (the demo cell, a
/// remote check). PNG encoding takes tens of milliseconds, so it runs on its own low-priority
/// thread; the event thread only copies the damaged rectangles into a buffer the mirror owns
/// (see `MirrorFrames`), and a newer frame replaces one not yet written. At most one PNG per
/// `minimumInterval`: a person watching needs no more, and the encoder stays off the CPU.
public final class PNGMirror: @unchecked Sendable {
    // @unchecked: `frames`, `running`, `encoding`, `finished` and the counters are only touched
    // under `condition`'s lock; the encoder reads its buffer outside the lock, but the event
    // thread never writes that buffer (it writes the other one) until the encoder swaps again.
    private let path: String
    private let minimumInterval: Double
    private let condition = NSCondition()
    private var frames: MirrorFrames
    private var running = true
    private var encoding = false
    private var finished = false
    private var writtenCount = 0
    /// Frames written so far (for tests and the console).
    public var written: Int {
        condition.lock()
        defer { condition.unlock() }
        return writtenCount
    }

    /// A mirror of `width × height` frames; `minimumInterval` seconds at least between two PNGs.
    public init(path: String, width: Int, height: Int, minimumInterval: Double = 0.2) {
        self.path = path
        self.minimumInterval = max(0, minimumInterval)
        frames = MirrorFrames(width: width, height: height)
        let thread = Thread { [self] in work() }  // keeps the mirror alive until `close()`
        thread.name = "stepwise-png-mirror"
        thread.start()
    }

    deinit { frames.release() }

    /// Copies the `damage` rectangles (nil: the whole frame) of the renderer's pixels; returns at once.
    public func submit(_ renderer: FrameRenderer, damage: [PixelRect]? = nil) {
        let all = [PixelRect(x: 0, y: 0, width: renderer.width, height: renderer.height)]
        condition.lock()
        defer { condition.unlock() }
        guard running, renderer.width == frames.width, renderer.height == frames.height else { return }
        let wasWaiting = !frames.hasNewFrame
        renderer.withPixels { frames.update(from: $0, sourceBytesPerRow: renderer.bytesPerRow, damage: damage ?? all) }
        // One signal per frame handed over: later submits only add damage to the same frame.
        if wasWaiting { condition.signal() }
    }

    /// Waits until every submitted frame has been written (tests, shutdown).
    public func flush() {
        condition.lock()
        while (frames.hasNewFrame || encoding) && !finished { condition.wait() }
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
        BackgroundThread.lowerCurrentPriority()
        var notBefore = Date.distantPast
        condition.lock()
        while true {
            while !frames.hasNewFrame && running { condition.wait() }
            guard frames.hasNewFrame else { break }
            // Rate limit by deadline; closing skips it so the last frame is written at once.
            while running, Date() < notBefore { _ = condition.wait(until: notBefore) }
            frames.swap()
            encoding = true
            let (pixels, width, height, bytesPerRow) = (
                frames.encoding, frames.width, frames.height, frames.bytesPerRow
            )
            condition.unlock()
            _ = MirrorFrames.writePNG(pixels, width: width, height: height, bytesPerRow: bytesPerRow, to: path)
            notBefore = Date().addingTimeInterval(minimumInterval)
            condition.lock()
            encoding = false
            writtenCount += 1
            condition.broadcast()
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
