import Foundation
import StepwiseCore
import StepwiseDevices
import StepwiseRender
import StepwiseRuntime

/// One run's figures; the JSON keys are the ones `stepwise bench render --json` promises.
public struct RenderBenchResult: Codable, Sendable {
    /// (a) memcpy of one 1920×1080×4 frame, median: the memory-bandwidth floor.
    public var memcpyMS: Double
    /// (b) full-frame cairo redraw of a step plus a full copy to the framebuffer, median.
    public var naiveMS: Double
    /// (c) step transition: damage-only render plus present of the damage, median.
    public var transitionMS: Double
    /// (c) at the 99th percentile.
    public var transitionP99MS: Double
    /// (c) split: the damage-only render, and the present (copy of the damage to the framebuffer), medians.
    public var transitionRenderMS: Double
    public var transitionPresentMS: Double
    /// Mean damaged share of the frame per transition (0…1).
    public var damageFraction: Double
    /// (d) sensor event → presented frame through the event loop, with another core busy.
    public var latencyP50MS: Double
    public var latencyP99MS: Double
    public var latencyP999MS: Double
    /// (e) the floor under (d): a stamp through a pipe to the same event loop, whose handler copies one frame.
    public var wakeupP50MS: Double
    public var wakeupP99MS: Double
    public var wakeupP999MS: Double
    /// Sensor events over 4 ms (the p99.9 target), and those of them during which the event
    /// thread ran less than 1 ms: it was waiting, for a CPU or the machine, not drawing.
    public var slowEvents: Int
    public var slowEventsWaiting: Int
    public var events: Int
    public var transitions: Int
    /// Badge logins and logouts through the same path (they read and write the SQLite files), apart.
    public var sessionP50MS: Double
    public var sessionP99MS: Double
    public var sessionMaxMS: Double
    public var sessionEvents: Int
    /// The event thread's scheduling policy during (d).
    public var eventThread: String

    enum CodingKeys: String, CodingKey {
        case memcpyMS = "memcpy_ms", naiveMS = "naive_ms", transitionMS = "transition_ms"
        case transitionP99MS = "transition_p99_ms", damageFraction = "damage_fraction"
        case transitionRenderMS = "transition_render_ms", transitionPresentMS = "transition_present_ms"
        case latencyP50MS = "latency_p50_ms", latencyP99MS = "latency_p99_ms", latencyP999MS = "latency_p999_ms"
        case wakeupP50MS = "wakeup_p50_ms", wakeupP99MS = "wakeup_p99_ms", wakeupP999MS = "wakeup_p999_ms"
        case slowEvents = "slow_events", slowEventsWaiting = "slow_events_waiting"
        case events, transitions, eventThread = "event_thread"
        case sessionP50MS = "session_p50_ms", sessionP99MS = "session_p99_ms", sessionMaxMS = "session_max_ms"
        case sessionEvents = "session_events"
    }

    /// (c)/(a): at most 1 is the target.
    public var transitionOverMemcpy: Double { transitionMS / memcpyMS }
    /// (b)/(c): at least 2 is the target.
    public var naiveOverTransition: Double { naiveMS / transitionMS }
}

/// `stepwise bench render`: the renderer against the memory-bandwidth floor, in one process, on one
/// machine, with CLOCK_MONOTONIC and percentiles (no harness: one run finishes in seconds).
public enum RenderBench {
    /// Measures (a)–(e) for the shipped sets on `cellPath`'s geometry at 1080p; files go to a scratch folder.
    /// With `mirror`, the daemon also mirrors every frame to a PNG, as the demo cell does; with
    /// `realtime`, its event thread runs at SCHED_FIFO 50 as under systemd.
    /// `samplesPath` receives one line per event: its kind, milliseconds, the event thread's CPU
    /// milliseconds and involuntary switches since the previous frame; then (e)'s, as kind `floor`.
    public static func run(
        cellPath: String, instructionsPath: String, events: Int, mirror: Bool = false, realtime: Bool = false,
        samplesPath: String? = nil
    ) throws -> RenderBenchResult {
        let loaded = try Definitions.load(cellPath: cellPath, instructionsPath: instructionsPath).get()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let definitions = BenchStations.at1080p(loaded, framebuffer: scratch.appendingPathComponent("fb.raw").path)
        let memcpy = memcpyFloor(repetitions: 300)
        let frames = try FrameBench(definitions: definitions)
        let naive = frames.naive(rounds: 4)
        let split = frames.transitions(rounds: 40)
        let options = DaemonOptions(
            cellPath: cellPath, instructionsPath: instructionsPath,
            databasePath: scratch.path + "/bench-quality.sqlite",
            pseudonymsPath: scratch.path + "/bench-pseudonyms.sqlite",
            mirrorPath: mirror ? scratch.path + "/mirror.png" : nil,
            console: false, watchFiles: false)
        let floor = try WakeupFloor.run(events: events, realtime: realtime)
        let probe = LatencyProbe(definitions: definitions, options: options, realtime: realtime)
        let (latency, session) = try probe.run(events: events)
        if let samplesPath {
            let events = zip(zip(probe.kinds, probe.milliseconds), probe.usage).map { event, usage in
                event.0 + String(format: "\t%.4f\t%.4f\t%d\n", event.1, usage.cpuMS, usage.involuntary)
            }
            let lines = events + floor.values.map { String(format: "floor\t%.4f\n", $0) }
            try lines.joined().write(toFile: samplesPath, atomically: true, encoding: .utf8)
        }
        return RenderBenchResult(
            memcpyMS: memcpy.median, naiveMS: naive.median, transitionMS: split.total.median,
            transitionP99MS: split.total.percentile(0.99), transitionRenderMS: split.render.median,
            transitionPresentMS: split.present.median, damageFraction: split.damage,
            latencyP50MS: latency.percentile(0.5), latencyP99MS: latency.percentile(0.99),
            latencyP999MS: latency.percentile(0.999), wakeupP50MS: floor.median, wakeupP99MS: floor.percentile(0.99),
            wakeupP999MS: floor.percentile(0.999), slowEvents: probe.slowEvents.count,
            slowEventsWaiting: probe.slowEvents.waiting, events: latency.count, transitions: split.total.count,
            sessionP50MS: session.median, sessionP99MS: session.percentile(0.99),
            sessionMaxMS: session.percentile(1), sessionEvents: session.count, eventThread: probe.scheduling)
    }

    /// (a) One 1920×1080×4 frame copied with memcpy between two 8 MB buffers (larger than the caches).
    static func memcpyFloor(repetitions: Int) -> Samples {
        let frame = FrameCopy()
        defer { frame.release() }
        return measure(repetitions) { _ in frame.copy() }
    }
}

/// (a)'s copy: two 1920×1080×4 buffers, touched once so the copies never fault a page in.
/// (e) repeats it in its handler.
struct FrameCopy {
    static let bytes = 1920 * 1080 * 4
    let source = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    let destination = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)

    init() {
        memset(source, 0x5a, Self.bytes)
        memset(destination, 0, Self.bytes)
    }

    func copy() { _ = memcpy(destination, source, Self.bytes) }

    func release() {
        source.deallocate()
        destination.deallocate()
    }
}

/// (b) and (c): the renderer and the cell's display (a framebuffer file) at 1080p, through `DisplaySurface`.
final class FrameBench {
    let renderer: FrameRenderer
    /// (b)'s renderer: every item drawn in full every time, no rasters.
    let naiveRenderer: FrameRenderer
    let display: any DisplaySurface
    let sequences: [[Scene]]

    init(definitions: Definitions) throws {
        renderer = try FrameRenderer(projector: definitions.cell.projector)
        naiveRenderer = try FrameRenderer.drawingEverything(projector: definitions.cell.projector)
        display = try DisplayBackends.open(definitions.cell.projector, relativeTo: nil).get()
        sequences = definitions.stepScenes().filter { $0.count > 1 }
    }

    deinit { display.close() }

    private var full: [PixelRect] { [PixelRect(x: 0, y: 0, width: renderer.width, height: renderer.height)] }

    private func present(_ damage: [PixelRect], from source: FrameRenderer? = nil) {
        let source = source ?? renderer
        source.withPixels { pixels in
            _ = display.present(argb32: pixels, sourceBytesPerRow: source.bytesPerRow, damage: damage)
        }
    }

    /// Every step scene redrawn whole and copied whole, as a renderer without damage tracking would.
    func naive(rounds: Int) -> Samples {
        let scenes = sequences.flatMap { $0 }
        scenes.forEach { naiveRenderer.fullRedraw($0) }  // warm: pictures decoded and scaled, fonts loaded
        return measure(rounds * scenes.count) { i in
            naiveRenderer.fullRedraw(scenes[i % scenes.count])
            present(full, from: naiveRenderer)
        }
    }

    /// What (c) measured: each transition's time, its render and present parts, the mean damaged share.
    struct Transitions {
        var total = Samples(), render = Samples(), present = Samples()
        var damage = 0.0
    }

    /// Each step to the next, cycling through every set's stages: render (damage only) and present
    /// the damage. The first cycle warms the caches, as the first product of a shift does.
    func transitions(rounds: Int) -> Transitions {
        var result = Transitions()
        var damaged = 0.0
        let frameArea = Double(renderer.width * renderer.height)
        for sequence in sequences {
            renderer.render(sequence[sequence.count - 1])
            for scene in sequence { renderer.render(scene) }
            for _ in 0..<rounds {
                for scene in sequence {
                    let start = monotonicNanoseconds()
                    let damage = renderer.render(scene)
                    let drawn = monotonicNanoseconds()
                    present(damage)
                    let end = monotonicNanoseconds()
                    result.total.add(Double(end - start) / 1e6)
                    result.render.add(Double(drawn - start) / 1e6)
                    result.present.add(Double(end - drawn) / 1e6)
                    damaged += Double(damage.reduce(0) { $0 + $1.area }) / frameArea
                }
            }
        }
        result.damage = result.total.count > 0 ? damaged / Double(result.total.count) : 0
        return result
    }
}
