import StepwiseCore
import StepwiseDevices
import StepwiseLog
import StepwiseRender

/// One station's real-time path without the event loop: an event goes through the pure
/// `StationMachine`, its scene is rendered (damage only) and presented, its lamps are set, and
/// its records are handed to the log writer, which never blocks this path.
///
/// Owned by the event-loop thread; everything here runs on it.
public final class StationRuntime {
    public private(set) var machine: StationMachine
    public private(set) var definitions: Definitions
    public let renderer: FrameRenderer
    public private(set) var surface: ProjectorSurface
    let writer: QualityLogWriter
    public let lamps: LampOutputs
    /// Called after each presented frame (PNG mirror, benchmarks).
    public var onPresented: ((FrameRenderer, [PixelRect]) -> Void)?
    /// Called with each output, after it has been applied (console echo, tests).
    public var onOutput: ((StationOutput) -> Void)?
    /// The deadline the machine asked for last; the daemon arms its timer from it.
    public private(set) var wakeUp: Instant?
    private var lastEventTime: Instant?
    /// The logged-in worker's preferences: language and text size in the scene, contrast in the renderer.
    public private(set) var preferences = WorkerPreferences.standard
    /// Looks up a worker's stored preferences at login (the daemon reads the quality log); nil: standard for all.
    public var preferencesOf: ((WorkerPseudonym) -> WorkerPreferences)?

    public init(
        definitions: Definitions, baseDirectory: String, writer: QualityLogWriter, lamps: LampOutputs
    ) throws(RenderError) {
        self.definitions = definitions
        self.machine = StationMachine(cell: definitions.cell, instructionSets: definitions.instructionSets)
        self.renderer = try FrameRenderer(projector: definitions.cell.projector)
        self.surface = ProjectorSurface(projector: definitions.cell.projector, baseDirectory: baseDirectory)
        self.writer = writer
        self.lamps = lamps
    }

    /// Prepares the renderer's caches, draws the first frame and reports a missing projector once.
    public func start(at now: Instant) {
        renderer.prepare(definitions.scenesToPrepare())
        if let fault = surface.openFault { handle(.fault(fault), at: now) }
        present(machine.scene, forced: true, at: now)
    }

    /// Feeds one event through the machine and applies what comes out.
    public func handle(_ event: StationEvent, at now: Instant) {
        lastEventTime = now
        let before = machine.state.worker
        let output = machine.handle(TimedEvent(event, at: now))
        if machine.state.worker != before { adoptPreferences(of: machine.state.worker) }
        apply(output)
    }

    /// At login the worker's own preferences, at logout the standard ones; the renderer then draws
    /// the next frame whole in them.
    private func adoptPreferences(of worker: WorkerPseudonym?) {
        show(worker.flatMap { preferencesOf?($0) } ?? .standard)
    }

    /// Draws from the next frame on with `wanted` (then drawn whole), unless it is already so.
    private func show(_ wanted: WorkerPreferences) {
        guard wanted != preferences else { return }
        preferences = wanted
        renderer.apply(wanted)
    }

    /// Hot reload: new definitions replace the old ones only as a whole.
    /// A new calibration (`stepwise calibrate`) or minimum text height takes effect at once; another
    /// image size or framebuffer needs a restart (the daemon says so).
    public func replace(_ new: Definitions, at now: Instant) {
        lastEventTime = now
        definitions = new
        try? renderer.recalibrate(new.cell.projector)
        // New pictures and texts are prepared now, not in the middle of the next cycle.
        renderer.prepare(new.scenesToPrepare())
        apply(machine.replaceDefinitions(cell: new.cell, instructionSets: new.instructionSets))
    }

    /// Retries a failed projector. A recovered one gets the whole current frame first and only
    /// then is the fault cleared (and logged), so a `fault-cleared` record means the picture is up.
    public func retryProjector(at now: Instant) {
        guard surface.isFailed, surface.reopen() else { return }
        present(scene(machine.scene), forced: true, at: now)
        handle(.faultCleared(device: surface.deviceName), at: now)
    }

    /// Draws from now on with a worker's preferences (the whole frame once).
    public func apply(_ preferences: WorkerPreferences, at now: Instant) {
        self.preferences = preferences
        renderer.apply(preferences)
        present(scene(machine.scene), forced: true, at: now)
    }

    /// What the log holds for `worker`, read after they signed in (`ProfileRefresh`): a coach's
    /// limits or display preferences changed while they were away apply now, within the first
    /// frames of the session. Nothing happens when the worker has signed out meanwhile or nothing changed.
    public func adoptStored(_ profile: StoredProfile, of worker: WorkerPseudonym, at now: Instant) {
        guard machine.state.worker == worker else { return }
        lastEventTime = now
        let output = machine.adoptStoredControls(profile.skills, of: worker)
        show(profile.preferences ?? .standard)
        apply(output)
    }

    /// When the renderer needs its next animation frame; nil while nothing animates.
    public var animationDeadline: Instant? { renderer.nextAnimationDeadline }

    /// Draws the current scene's animation frame for `now` (only what the animation changed).
    public func animate(at now: Instant) {
        present(scene(machine.scene), forced: false, at: now)
    }

    /// The scene on the projector now: the machine's, in the logged-in worker's language and text size.
    public var projectedScene: Scene { scene(machine.scene) }

    /// The machine's scene, recomposed in the worker's language and text size when they asked for one.
    private func scene(_ composed: Scene) -> Scene {
        guard preferences != .standard else { return composed }
        let set = machine.state.instructionSet.flatMap { id in machine.instructionSets.first { $0.id == id } }
        return SceneComposer.scene(for: machine.state, cell: machine.cell, set: set, preferences: preferences)
    }

    private func apply(_ output: StationOutput) {
        lamps.set(output.lamps)
        wakeUp = output.wakeUp
        let fault = draw(scene(output.scene), forced: false, at: lastEventTime)
        // After the frame: handing records over wakes the writer thread, which must not run
        // (and take the CPU) while the worker's frame is still being drawn.
        if !output.records.isEmpty || output.skill != nil { writer.submit(output.records, skill: output.skill) }
        onOutput?(output)
        report(fault, at: lastEventTime)
    }

    private func present(_ scene: Scene, forced: Bool, at now: Instant? = nil) {
        report(draw(scene, forced: forced, at: now), at: now)
    }

    /// Renders and presents; a failing projector comes back as a fault.
    private func draw(_ scene: Scene, forced: Bool, at now: Instant?) -> DeviceFault? {
        var damage = renderer.render(scene, at: now)
        if forced { damage = [PixelRect(x: 0, y: 0, width: renderer.width, height: renderer.height)] }
        guard !damage.isEmpty else { return nil }
        let fault = renderer.withPixels { pixels in
            surface.present(pixels, bytesPerRow: renderer.bytesPerRow, damage: damage)
        }
        onPresented?(renderer, damage)
        return fault
    }

    /// The machine learns of the lost projector like of any device; its next scene has the fault cue.
    private func report(_ fault: DeviceFault?, at now: Instant?) {
        if let fault, let now { handle(.fault(fault), at: now) }
    }
}
