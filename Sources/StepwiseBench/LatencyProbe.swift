import Foundation
import Glibc
import Logging
import StepwiseCore
import StepwiseDevices
import StepwiseLog
import StepwiseRuntime
import Synchronization

/// (d) Sensor event → presented frame through the daemon itself: a `Daemon` (event loop, sensor
/// inputs with their debouncers, station machine, damage renderer, file-backed framebuffer,
/// quality-log writer thread, optional PNG mirror) whose GPIO lines are pipes (`PipeEdges`).
/// A producer thread performs one step at a time and waits until the daemon has dispatched it,
/// so the figure is latency, not queueing; a second thread keeps the other core busy.
///
/// A GPIO edge is stamped one debounce time in the past, as if its level had held that long:
/// the debouncer's settle timer is then due at once. Latency counts from that moment (when the
/// station can first know) to the end of the dispatch that presented the frame; the debounce
/// time itself is the cell's choice, not latency. Badge, variant code and USB presses enter
/// where the USB decoder hands them over, through an eventfd as libusb's descriptors would.
final class LatencyProbe {
    let definitions: Definitions
    let options: DaemonOptions
    /// Run the event thread at SCHED_FIFO 50, as systemd/stepwised.service does.
    let realtime: Bool
    /// The event thread's scheduling during the last run, for the report.
    private(set) var scheduling = "SCHED_OTHER"
    /// Each sample's step kind, in order (`stepwise bench render --samples`: what the tail is made of).
    private(set) var kinds: [String] = []
    private(set) var milliseconds: [Double] = []
    /// Per event, the event thread's CPU milliseconds and involuntary switches since the previous
    /// event's frame (so its release edge is included): a slow event with little CPU was waiting.
    private(set) var usage: [(cpuMS: Double, involuntary: Int)] = []
    /// Sensor events slower than `slow`, and how many of them had the event thread on a CPU for
    /// less than `working`: those waited (runnable but not running, or blocked) more than they drew.
    private(set) var slowEvents = (count: 0, waiting: 0)
    static let slow = 4.0, working = 1.0

    init(definitions: Definitions, options: DaemonOptions, realtime: Bool = false) {
        self.realtime = realtime
        var quiet = definitions
        quiet.cell.outputs = []  // the benchmark must not switch a real cell's lamps or tool enables,
        quiet.cell.usbDevices = []  // nor claim its USB devices: their events are injected decoded
        self.definitions = quiet
        self.options = options
    }

    /// Runs work cycles up to `count` sensor events (at least 1); returns each event's milliseconds
    /// to its presented frame, sensor events apart from badge logins and logouts.
    func run(events count: Int) throws -> (sensor: Samples, session: Samples) {
        let gpio = Set(GPIOLineRequest.inputs(of: definitions.cell).keys)
        let edges = try PipeEdges(inputs: Array(gpio))
        let silent = Logger(label: "stepwise.bench") { _ in SwiftLogNoOpLogHandler() }
        try lockSkills()
        let observer = ProbeObserver()
        let shared = ProbeSignals()
        let daemon = try Daemon.assemble(
            options: options, definitions: definitions, logger: silent, edges: edges, observer: observer,
            onObservation: { observation in
                if case .debounced(.deactivated) = observation.what { shared.settled.signal() }
            })
        let script = BenchStep.script(definitions, gpio: gpio, sensorEvents: max(1, count))
        var samples = Samples(capacity: script.count)
        var steps: [Int] = []
        steps.reserveCapacity(script.count)
        var usage: [(cpuMS: Double, involuntary: Int)] = []
        usage.reserveCapacity(script.count)
        var lastUsage = ThreadUsage.now()
        let probe: (StationEvent) -> Void = { [weak daemon] event in
            if case .deadline = event { return }  // the machine's own timers are not steps
            samples.add(Double(monotonicNanoseconds() &- shared.start.load(ordering: .acquiring)) / 1e6)
            steps.append(shared.step.load(ordering: .acquiring))
            let now = ThreadUsage.now()  // after the stamp: not part of any measured latency
            usage.append(now.since(lastUsage))
            lastUsage = now
            if samples.count >= script.count { daemon?.loop.stop() }
            shared.done.signal()
        }
        let waker = try daemon.loop.makeWaker { [weak daemon] in
            guard let daemon else { return }
            Self.perform(script[shared.step.load(ordering: .acquiring)], on: daemon)
        }
        let stopper = try daemon.loop.makeWaker { [weak daemon] in daemon?.loop.stop() }
        let producer = Producer(script: script, edges: edges.writeEnds, waker: waker, stopper: stopper, shared: shared)
        let busy = BusyCore()
        busy.start()
        defer { busy.stop() }
        // Started from the loop's first turn, so no step is sent before the daemon runs.
        daemon.loop.schedule(at: MonotonicInstant.now()) {
            lastUsage = ThreadUsage.now()
            observer.dispatched = probe
            producer.start()
        }
        // Promoted last, so the daemon's other threads stay SCHED_OTHER as the unit's
        // CPUSchedulingResetOnFork leaves them; the producer and the busy thread too.
        scheduling = realtime ? EventThreadScheduling.fifo(priority: 50) : "SCHED_OTHER"
        defer { if realtime { EventThreadScheduling.normal() } }
        _ = daemon.runLoop()
        kinds = steps.map { script[$0].kind }
        milliseconds = samples.values
        self.usage = usage
        let lost = shared.lostStep.load(ordering: .acquiring)
        guard lost < 0 else {
            throw DeviceError(
                device: "bench", kind: .system,
                message: "step \(lost) (\(script[lost])) never reached the "
                    + "station; expected every scripted sensor event to be dispatched by the daemon")
        }
        var sensor = Samples(capacity: samples.count), session = Samples()
        slowEvents = (0, 0)
        for (index, (step, milliseconds)) in zip(steps, samples.values).enumerated() {
            guard script[step].isSensor else {
                session.add(milliseconds)
                continue
            }
            sensor.add(milliseconds)
            guard milliseconds > Self.slow else { continue }
            slowEvents.count += 1
            if usage[index].cpuMS < Self.working { slowEvents.waiting += 1 }
        }
        return (sensor, session)
    }

    /// The bench worker's skills locked at full guidance, in the log the daemon loads them from at start.
    private func lockSkills() throws {
        let worker = try PseudonymRegistry(path: options.pseudonymsPath).pseudonym(forBadge: BenchStep.badge)
        let log = try QualityLog(path: options.databasePath)
        for set in definitions.instructionSets {
            try log.saveControls(CoachControls(locked: .full), worker: worker, instructionSet: set.id)
        }
    }

    /// A decoded USB event, where `SensorInputs` hands it to the daemon.
    private static func perform(_ step: BenchStep, on daemon: Daemon) {
        switch step {
        case .badge(let badge): daemon.login(badge: badge)
        case .scan(let code): daemon.dispatch(.scanned(code))
        case .press(let input): daemon.dispatch(.activated(input))
        case .logout: daemon.dispatch(.logout)
        case .edge: break
        }
    }
}

/// The probe's view of the daemon: each event after its frame, from the loop's first turn on.
private final class ProbeObserver: StationObserver {
    var dispatched: ((StationEvent) -> Void)?

    func stepped(_ step: StationStep, for event: StationEvent?) {
        if let event { dispatched?(event) }
    }
}

/// What the producer and the daemon's loop share: the current step, its start and two signals.
private final class ProbeSignals: Sendable {
    let step = Atomic<Int>(0)
    let start = Atomic<UInt64>(0)
    let done = DispatchSemaphore(value: 0)
    let settled = DispatchSemaphore(value: 0)
    /// The step the daemon never finished, or -1.
    let lostStep = Atomic<Int>(-1)
}

/// Performs the script one step at a time, as a worker at the bench would (only faster).
private struct Producer: Sendable {
    let script: [BenchStep]
    let edges: [InputID: Int32]
    let waker: Waker
    /// Stops the daemon's loop when a step gets lost, so the benchmark fails instead of hanging.
    let stopper: Waker
    let shared: ProbeSignals

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "stepwise-bench-producer"
        thread.start()
    }

    private func run() {
        for (index, step) in script.enumerated() {
            shared.step.store(index, ordering: .releasing)
            let now = monotonicNanoseconds()
            shared.start.store(now, ordering: .releasing)
            guard case .edge(let input, let debounce) = step else {
                waker.wake()
                guard arrived(shared.done, step: index) else { return }
                continue
            }
            send(input, rising: true, stamp: now &- debounce)
            guard arrived(shared.done, step: index), index < script.count - 1 else { return }
            // Released again, so the next activation of this input is a new edge.
            send(input, rising: false, stamp: monotonicNanoseconds() &- debounce)
            guard arrived(shared.settled, step: index) else { return }
        }
    }

    /// Waits for the daemon; ten seconds without an answer means the step was lost.
    private func arrived(_ signal: DispatchSemaphore, step: Int) -> Bool {
        guard signal.wait(timeout: .now() + 10) == .timedOut else { return true }
        shared.lostStep.store(step, ordering: .releasing)
        stopper.wake()
        return false
    }

    private func send(_ input: InputID, rising: Bool, stamp: UInt64) {
        guard let fd = edges[input] else { return }
        var record = (stamp, UInt64(rising ? 1 : 0))
        _ = write(fd, &record, 16)
    }
}
