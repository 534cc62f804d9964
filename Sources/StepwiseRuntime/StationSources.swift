import Foundation
import StepwiseCore
import StepwiseDevices

/// Everything that produces station events: console keys, a replay, the cell's GPIO and USB
/// sensors, and faults posted from other threads. What they produce goes to `Inputs`; the sources
/// never touch the station themselves.
///
/// Owned by the event-loop thread.
final class StationSources {
    /// Where the sources deliver (set once, at wiring).
    struct Inputs {
        /// An event, with the monotonic instant it happened (a kernel stamp), or nil for now.
        var event: (StationEvent, MonotonicInstant?) -> Void
        /// A badge was read (a reader, a key, a trace).
        var badge: (String) -> Void
        /// The console asked to stop, or the replay ended with `--exit-after-replay`.
        var stop: () -> Void
    }

    let sensors: SensorInputs
    private let faults: FaultInbox
    private let options: DaemonOptions
    private var console: ConsoleKeys?
    private var replay: Replay?

    init(sensors: SensorInputs, faults: FaultInbox, options: DaemonOptions) {
        self.sensors = sensors
        self.faults = faults
        self.options = options
    }

    /// Opens keys (with `console`), a replay (with `options.replayPath`), the sensors and the fault
    /// inbox; faults found while opening are delivered at once.
    func start(definitions: Definitions, on loop: EventLoop, into inputs: Inputs) throws {
        faults.deliver = { event in inputs.event(event, nil) }
        if options.console { try startConsole(KeyMap(cell: definitions.cell), on: loop, into: inputs) }
        if let path = options.replayPath {
            try startReplay(path: path, definitions: definitions, on: loop, into: inputs)
        }
        sensors.onEvent = { event, stamp in inputs.event(event, stamp) }
        sensors.onBadge = { badge in inputs.badge(badge) }
        sensors.start(on: loop)
        for fault in sensors.openFaults { inputs.event(.fault(fault), nil) }
    }

    func close() {
        console?.close()
        sensors.close()
    }

    private func startConsole(_ keys: KeyMap, on loop: EventLoop, into inputs: Inputs) throws {
        console = try ConsoleKeys(fd: STDIN_FILENO, keyMap: keys, loop: loop) { command in
            switch command {
            case .activate(let input): inputs.event(.activated(input), nil)
            case .badge(let badge): inputs.badge(badge)
            case .scan(let code): inputs.event(.scanned(code), nil)
            case .logout: inputs.event(.logout, nil)
            case .quit: inputs.stop()
            case .showKeys: print(keys.helpText)
            }
        }
        print(keys.helpText)
    }

    private func startReplay(path: String, definitions: Definitions, on loop: EventLoop, into inputs: Inputs) throws {
        // The same names check as `stepwise simulate`: a replay that names an input, set or code this
        // cell does not have is refused at start with its line and column, not played half-silently.
        let vocabulary = TraceVocabulary(cell: definitions.cell, instructionSets: definitions.instructionSets)
        let replay = try Replay(path: path, speed: options.replaySpeed, vocabulary: vocabulary)
        self.replay = replay
        let exits = options.exitAfterReplay
        replay.run(
            on: loop,
            feed: { entry in
                if case .badge(let badge) = entry.action { return inputs.badge(badge) }
                if let event = entry.event(pseudonym: { WorkerPseudonym($0) }, skill: { _ in nil }) {
                    inputs.event(event, nil)
                }
            }
        ) { if exits { inputs.stop() } }
    }
}
