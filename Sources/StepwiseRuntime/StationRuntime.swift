import StepwiseCore
import StepwiseDevices
import StepwiseLog
import StepwiseRender

/// One station's real-time path without the event loop: an event goes through the pure
/// `StationMachine`, its scene is rendered (damage only) and presented, its lamps are set, and
/// its records are handed to the log writer, which never blocks this path. Every call returns a
/// `StationStep`: what the loop must do next. Nothing here calls back into itself.
///
/// Owned by the event-loop thread; everything here runs on it.
public final class StationRuntime {
    public private(set) var machine: StationMachine
    public private(set) var definitions: Definitions
    public let renderer: FrameRenderer
    public private(set) var surface: ProjectorSurface
    let writer: QualityLogWriter
    public let lamps: LampOutputs
    /// Gives each presented frame to the PNG mirror (its own thread encodes).
    let mirror: PNGMirror?
    /// Station time to wall time at the hand-off to the log; nil: the instants are kept (tests
    /// that feed wall-like instants).
    let clock: StationClock?
    /// The logged-in worker's preferences: language and text size in the scene, contrast in the renderer.
    public private(set) var preferences = WorkerPreferences.standard

    public convenience init(
        definitions: Definitions, baseDirectory: String, writer: QualityLogWriter, lamps: LampOutputs,
        surface: ProjectorSurface? = nil, mirror: PNGMirror? = nil
    ) throws(RenderError) {
        try self.init(
            definitions: definitions, baseDirectory: baseDirectory, writer: writer, lamps: lamps, surface: surface,
            mirror: mirror, clock: nil)
    }

    package init(
        definitions: Definitions, baseDirectory: String, writer: QualityLogWriter, lamps: LampOutputs,
        surface: ProjectorSurface? = nil, mirror: PNGMirror?, clock: StationClock?
    ) throws(RenderError) {
        self.definitions = definitions
        self.machine = StationMachine(cell: definitions.cell, instructionSets: definitions.instructionSets)
        self.renderer = try FrameRenderer(projector: definitions.cell.projector)
        self.surface = surface ?? ProjectorSurface(projector: definitions.cell.projector, baseDirectory: baseDirectory)
        self.writer = writer
        self.lamps = lamps
        self.mirror = mirror
        self.clock = clock
    }

    /// Prepares the renderer's caches and draws the first frame; a projector missing at start is
    /// a fault the machine learns first, so the first frame already shows it.
    @discardableResult
    public func start(at now: Instant) -> StationStep {
        renderer.prepare(definitions.scenesToPrepare())
        var step = surface.openFault.map { apply(machine.handle(TimedEvent(.fault($0), at: now)), at: now) }
        let fault = present(scene(machine.scene), forced: true, at: now, into: &step)
        return finished(&step, fault: fault, opened: true)
    }

    /// Feeds one event through the machine and applies what comes out. `preferences` are the
    /// signing-in worker's (from memory); a sign-out returns to the standard ones.
    @discardableResult
    public func handle(_ event: StationEvent, at now: Instant, preferences signingIn: WorkerPreferences? = nil)
        -> StationStep
    {
        let before = machine.state.worker
        let output = machine.handle(TimedEvent(event, at: now))
        if machine.state.worker != before { show(machine.state.worker == nil ? .standard : signingIn ?? .standard) }
        return apply(output, at: now)
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
    @discardableResult
    public func replace(_ new: Definitions, at now: Instant) -> StationStep {
        definitions = new
        try? renderer.recalibrate(new.cell.projector)
        // New pictures and texts are prepared now, not in the middle of the next cycle.
        renderer.prepare(new.scenesToPrepare())
        return apply(machine.replaceDefinitions(cell: new.cell, instructionSets: new.instructionSets), at: now)
    }

    /// Retries a failed projector. A recovered one gets the whole current frame first and only
    /// then is the fault cleared (the step's `next`, logged), so a `fault-cleared` record means the picture is up.
    public func retryProjector(at now: Instant) -> StationStep {
        var step: StationStep?
        guard surface.isFailed, surface.reopen() else { return finished(&step, fault: nil) }
        if let fault = present(scene(machine.scene), forced: true, at: now, into: &step) {
            return finished(&step, fault: fault)
        }
        var result = finished(&step, fault: nil, opened: true)
        result.next = .faultCleared(device: surface.deviceName)
        return result
    }

    /// Draws from now on with a worker's preferences (the whole frame once).
    @discardableResult
    public func apply(_ preferences: WorkerPreferences, at now: Instant) -> StationStep {
        self.preferences = preferences
        renderer.apply(preferences)
        var step: StationStep?
        let fault = present(scene(machine.scene), forced: true, at: now, into: &step)
        return finished(&step, fault: fault)
    }

    /// What the log holds for `worker`, read after they signed in (`ProfileRefresh`): a coach's
    /// limits or display preferences changed while they were away apply now, within the first
    /// frames of the session. Nothing happens when the worker has signed out meanwhile or nothing changed.
    @discardableResult
    public func adoptStored(_ profile: StoredProfile, of worker: WorkerPseudonym, at now: Instant) -> StationStep {
        guard machine.state.worker == worker else {
            var step: StationStep?
            return finished(&step, fault: nil)
        }
        let output = machine.adoptStoredControls(profile.skills, of: worker)
        show(profile.preferences ?? .standard)
        return apply(output, at: now)
    }

    /// Draws the current scene's animation frame for `now` (only what the animation changed).
    @discardableResult
    public func animate(at now: Instant) -> StationStep {
        var step: StationStep?
        let fault = present(scene(machine.scene), forced: false, at: now, into: &step)
        return finished(&step, fault: fault)
    }

    /// The scene on the projector now: the machine's, in the logged-in worker's language and text size.
    public var projectedScene: Scene { scene(machine.scene) }

    /// The machine's scene, recomposed in the worker's language and text size when they asked for one.
    private func scene(_ composed: Scene) -> Scene {
        guard preferences != .standard else { return composed }
        let set = machine.state.instructionSet.flatMap { id in machine.instructionSets.first { $0.id == id } }
        return SceneComposer.scene(for: machine.state, cell: machine.cell, set: set, preferences: preferences)
    }

    /// Lamps, frame, then the records: handing records over wakes the writer thread, which must not
    /// run (and take the CPU) while the worker's frame is still being drawn.
    private func apply(_ output: StationOutput, at now: Instant) -> StationStep {
        lamps.set(output.lamps)
        var step: StationStep? = StationStep(wakeUp: output.wakeUp, projector: .working)
        wakeUp = output.wakeUp
        let fault = present(scene(output.scene), forced: false, at: now, into: &step)
        let drift = clock?.drift()
        let records = output.records.map { stamped($0, drift) }
        let skill = output.skill.map { stamped($0, drift) }
        if !records.isEmpty || skill != nil { writer.submit(records, skill: skill) }
        step?.records = records
        step?.skill = skill
        return finished(&step, fault: fault)
    }

    /// The machine's last deadline, carried into steps where the machine did not run.
    private var wakeUp: Instant?

    /// Completes a step with what every step reports: the deadlines, the projector, the fault to feed next.
    private func finished(_ step: inout StationStep?, fault: DeviceFault?, opened: Bool = false) -> StationStep {
        var result = step ?? StationStep(wakeUp: wakeUp, projector: .working)
        result.animation = renderer.nextAnimationDeadline
        if surface.isFailed {
            result.projector = .failed
        } else if opened {
            result.projector = .opened(warnings: surface.warnings)
        }
        if let fault { result.next = .fault(fault) }
        return result
    }

    /// Renders and presents; a failing projector comes back as a fault (fed next by the loop).
    private func present(_ scene: Scene, forced: Bool, at now: Instant, into step: inout StationStep?)
        -> DeviceFault?
    {
        var damage = renderer.render(scene, at: now)
        if forced { damage = [PixelRect(x: 0, y: 0, width: renderer.width, height: renderer.height)] }
        guard !damage.isEmpty else { return nil }
        let fault = renderer.withPixels { pixels in
            surface.present(pixels, bytesPerRow: renderer.bytesPerRow, damage: damage)
        }
        mirror?.submit(renderer, damage: damage)
        if step == nil { step = StationStep(wakeUp: wakeUp, projector: .working) }
        step?.presented = damage
        return fault
    }

    /// A record's instant in wall time, converted once here, as it leaves for the log.
    private func stamped(_ record: QualityRecord, _ drift: Int64?) -> QualityRecord {
        guard let clock, let drift else { return record }
        var record = record
        record.at = clock.wallTime(of: record.at, drift: drift)
        return record
    }

    private func stamped(_ skill: WorkerSkill, _ drift: Int64?) -> WorkerSkill {
        guard let clock, let drift, let last = skill.lastPractice else { return skill }
        var skill = skill
        skill.lastPractice = clock.wallTime(of: last, drift: drift)
        return skill
    }
}
