import Foundation
import StepwiseCore
import StepwiseDevices

extension Daemon {
    /// Opens everything that produces events: keys, a replay, GPIO and USB sensors, faults.
    func startSources() throws {
        faults.deliver = { [weak self] event in self?.dispatch(event) }
        if options.console { try startConsole() }
        if let path = options.replayPath { try startReplay(path: path) }
        // Kernel timestamps are wall time; a sped-up replay has its own clock, so it stamps on arrival.
        sensors.onEvent = { [weak self] event, time in
            guard let self else { return }
            self.dispatch(event, at: self.clock.speed == 1 ? time : nil)
        }
        sensors.onBadge = { [weak self] badge in self?.login(badge: badge) }
        sensors.start(on: loop)
        for fault in sensors.openFaults { dispatch(.fault(fault)) }
    }

    private func startConsole() throws {
        let keys = KeyMap(cell: station.definitions.cell)
        console = try ConsoleKeys(fd: STDIN_FILENO, keyMap: keys, loop: loop) { [weak self] command in
            self?.perform(command)
        }
        print(keys.helpText)
    }

    private func startReplay(path: String) throws {
        // The same names check as `stepwise simulate`: a replay that names an input, set or code this
        // cell does not have is refused at start with its line and column, not played half-silently.
        let definitions = station.definitions
        let vocabulary = TraceVocabulary(cell: definitions.cell, instructionSets: definitions.instructionSets)
        let replay = try Replay(path: path, speed: options.replaySpeed, vocabulary: vocabulary)
        self.replay = replay
        replay.run(on: loop, feed: { [weak self] entry in self?.play(entry) }) { [weak self] in
            guard let self, self.options.exitAfterReplay else { return }
            self.loop.stop()
        }
    }

    private func play(_ entry: Trace.Entry) {
        if case .badge(let badge) = entry.action { return login(badge: badge) }
        if let event = entry.event(pseudonym: { WorkerPseudonym($0) }, skill: { _ in nil }) { dispatch(event) }
    }

    func perform(_ command: ConsoleCommand) {
        switch command {
        case .activate(let input): dispatch(.activated(input))
        case .badge(let badge): login(badge: badge)
        case .scan(let code): dispatch(.scanned(code))
        case .logout: dispatch(.logout)
        case .quit: loop.stop()
        case .showKeys: print(KeyMap(cell: station.definitions.cell).helpText)
        }
    }
}
