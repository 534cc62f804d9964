import StepwiseBackground
import StepwiseCore

/// Mirrors presented frames to a PNG file for people without a projector (the demo cell, a
/// remote check). PNG encoding takes tens of milliseconds, so it runs on a low-priority worker
/// (`BackgroundWork`); the event thread only copies the damaged rectangles into a buffer the
/// mirror owns (see `MirrorFrames`) under the work's priority-inheriting lock, and a newer frame
/// adds its damage to one not yet written. At most one PNG per `minimumInterval`: a person
/// watching needs no more, and the encoder stays off the CPU.
public final class PNGMirror: Sendable {
    /// What the event thread and the encoder share. The encoder reads `frames.encoding` outside
    /// the lock: the event thread never writes that buffer (it writes the other one) until the
    /// encoder swaps again.
    struct Shared {
        var frames: MirrorFrames
        var running = true
        var encoding = false
        var written = 0
    }

    private let work: BackgroundWork<Shared, Never>

    /// Frames written so far (for tests and the console).
    public var written: Int { work.withState { $0.written } }

    /// A mirror of `width × height` frames; `minimumInterval` seconds at least between two PNGs.
    public init(path: String, width: Int, height: Int, minimumInterval: Double = 0.2) {
        let interval = max(0, minimumInterval)
        work = BackgroundWork(
            name: "stepwise.mirror", state: Shared(frames: MirrorFrames(width: width, height: height))
        ) { work in Self.encode(work, to: path, minimumInterval: interval) }
    }

    /// Copies the `damage` rectangles (nil: the whole frame) of the renderer's pixels; returns at once.
    public func submit(_ renderer: FrameRenderer, damage: [PixelRect]? = nil) {
        let all = [PixelRect(x: 0, y: 0, width: renderer.width, height: renderer.height)]
        let handedOver = work.withState { shared -> Bool in
            guard shared.running, renderer.width == shared.frames.width, renderer.height == shared.frames.height
            else { return false }
            let wasWaiting = !shared.frames.hasNewFrame
            renderer.withPixels {
                shared.frames.update(from: $0, sourceBytesPerRow: renderer.bytesPerRow, damage: damage ?? all)
            }
            return wasWaiting
        }
        // One wake-up per frame handed over: later submits only add damage to the same frame.
        if handedOver { work.wake() }
    }

    /// Waits until every submitted frame has been written (tests, shutdown). Never on the event thread.
    public func flush() {
        work.wait { !$0.frames.hasNewFrame && !$0.encoding }
    }

    /// Writes what is pending and stops the worker.
    public func close() {
        work.withState { $0.running = false }
        work.close()
    }

    private static func encode(_ work: BackgroundWork<Shared, Never>, to path: String, minimumInterval: Double) {
        var notBefore = -Double.infinity
        while work.next({ shared, _ in shared.frames.hasNewFrame ? true : (shared.running ? nil : false) }) == true {
            // Rate limit by deadline; closing ends the wait so the last frame is written at once.
            _ = work.next(until: notBefore) { shared, _ in shared.running ? nil : () }
            let (pixels, width, height, bytesPerRow) = work.withState { shared in
                shared.frames.swap()
                shared.encoding = true
                return (shared.frames.encoding, shared.frames.width, shared.frames.height, shared.frames.bytesPerRow)
            }
            _ = MirrorFrames.writePNG(pixels, width: width, height: height, bytesPerRow: bytesPerRow, to: path)
            notBefore = MonotonicClock.seconds() + minimumInterval
            work.settle { shared in
                shared.encoding = false
                shared.written += 1
            }
        }
        // `running` is false: no submit touches the buffers any more.
        work.withState { $0.frames.release() }
    }
}
