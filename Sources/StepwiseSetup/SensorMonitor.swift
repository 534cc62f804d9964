import Foundation
import StepwiseCore
import StepwiseDevices
import StepwiseRuntime

/// `stepwise monitor`: the cell's real inputs (every sensor source: GPIO lines through their
/// debouncers, USB devices with hotplug) and its simulated keys on one event loop, every observation printed as it
/// happens. Nothing is logged and no station runs: this is the engineer's view while wiring.
/// Ctrl-C (SIGINT), SIGTERM or a hangup stop it cleanly and give the terminal back; so does `q`.
public enum SensorMonitor {
    public struct Options: Sendable {
        /// JSON lines instead of text.
        public var json: Bool
        /// Read the simulated inputs' keys from standard input.
        public var keys: Bool
        public init(json: Bool = false, keys: Bool = true) {
            self.json = json
            self.keys = keys
        }
    }

    /// Runs until stopped; returns the exit code. `write` gets each line (stdout by default).
    public static func run(definitions: Definitions, options: Options, write: @escaping (String) -> Void = printLine)
        -> Int32
    {
        let cell = definitions.cell
        let format = MonitorFormat(roles: cell.roles)
        let emit = { (observation: SensorObservation) in
            write(options.json ? format.json(observation) : format.text(observation))
        }
        // Before the sensors start threads (libusb's): they inherit the block, so a Ctrl-C goes
        // to the loop's signalfd or, on the main thread libdispatch keeps unblocked, to the
        // loop's forwarding handler — never to a default action that leaves the terminal raw.
        Daemon.blockStopSignals()
        let loop: EventLoop
        do {
            loop = try EventLoop()
            try loop.onSignals([SIGINT, SIGTERM, SIGHUP]) { [weak loop] _ in loop?.stop() }
        } catch {
            note("stepwise monitor: \(error)")
            return 1
        }
        let sensors = SensorInputs(cell: cell, instructionSets: definitions.instructionSets)
        sensors.onObservation = emit
        // Faults found while opening arrive as observations of their source's kind.
        sensors.start(on: loop)
        let hasDevices = !sensors.sources.isEmpty || !sensors.openFaults.isEmpty
        let console = options.keys ? openConsole(cell: cell, loop: loop, emit: emit, stopAtEnd: !hasDevices) : nil
        note(summary(cell, console: console != nil))
        loop.run()
        console?.close()
        sensors.close()
        note("stepwise monitor: stopped; the event loop woke \(loop.iterations) times")
        loop.close()
        return 0
    }

    /// Simulated inputs' keys as observations; `q` stops, and so does the end of a piped input
    /// when there is nothing else to watch.
    private static func openConsole(
        cell: Cell, loop: EventLoop, emit: @escaping (SensorObservation) -> Void, stopAtEnd: Bool
    ) -> ConsoleKeys? {
        let keyMap = KeyMap(cell: cell)
        guard !keyMap.bindings.isEmpty else { return nil }
        return try? ConsoleKeys(
            fd: STDIN_FILENO, keyMap: keyMap, loop: loop,
            onCommand: { [weak loop] command in
                switch command {
                case .quit: loop?.stop()
                case .showKeys: note(keyMap.helpText)
                default: if let observation = observe(command) { emit(observation) }
                }
            }, onEnd: { [weak loop] in if stopAtEnd { loop?.stop() } })
    }

    /// A console command as the station would receive it.
    static func observe(_ command: ConsoleCommand, at time: Instant = WallClock.now()) -> SensorObservation? {
        let (subject, meaning): (String, SensorMeaning)
        switch command {
        case .activate(let input): (subject, meaning) = (input.rawValue, .event(.activated(input)))
        case .badge(let badge): (subject, meaning) = ("console", .badge(badge))
        case .scan(let code): (subject, meaning) = ("console", .event(.scanned(code)))
        case .logout: (subject, meaning) = ("console", .event(.logout))
        case .quit, .showKeys: return nil
        }
        return SensorObservation(time: time, source: .console, subject: subject, what: .key(command), meaning: meaning)
    }

    static func summary(_ cell: Cell, console: Bool) -> String {
        let gpio = GPIOLineRequest.inputs(of: cell).count
        let keys = console ? ", simulated keys on stdin (? lists them, q quits)" : ""
        return
            "stepwise monitor: cell \(cell.id): \(gpio) GPIO inputs, \(cell.usbDevices.count) USB devices\(keys); Ctrl-C stops"
    }

    /// Writes one line unbuffered, so `| jq` or `| tee` see each event as it happens.
    public static func printLine(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
