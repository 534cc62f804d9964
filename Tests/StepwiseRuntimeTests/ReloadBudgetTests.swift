import Foundation
import Glibc
import Logging
import StepwiseCore
import StepwiseFormats
import StepwiseDevices
import StepwiseLog
import StepwiseTestSupport
import Testing
@testable import StepwiseRuntime

/// A reload (SIGHUP, a saved file) parses off the event loop: while a slow parse runs, records are
/// written, the watchdog is pinged and SIGTERM stops the daemon; a parse past its budget is given
/// up, reported as a fault, and the last good definitions stay. The slow parse is a part given to
/// the daemon's wiring, held by a gate the test opens, so nothing here is timed.
@Suite(.serialized) struct ReloadBudgetTests {
    typealias Gate = GatedLoads

    static let definitions = try! Definitions.load(
        cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
    ).get()

    /// The demo cell's daemon on scratch files, reloading through `gate` with `budget` seconds.
    func daemon(
        _ dir: URL, gate: Gate, budget: Double = 30, blocking: Int = 1, recorder: StationRecorder = .init(),
        notifier: SystemdNotifier? = nil
    ) throws -> Daemon {
        var definitions = Self.definitions
        definitions.cell.projector.framebuffer?.target = .file(path: dir.appendingPathComponent("fb.raw").path)
        definitions.cell.outputs = []
        var options = DaemonOptions(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions"),
            databasePath: dir.appendingPathComponent("q.sqlite").path,
            pseudonymsPath: dir.appendingPathComponent("p.sqlite").path, console: false, watchFiles: false)
        options.reloadBudgetSeconds = budget
        let silent = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        // What a reload would bring: one set fewer, so it shows whether it was applied.
        var fewer = definitions
        fewer.instructionSets.removeLast()
        let daemon = try Daemon.assemble(
            options: options, definitions: definitions, logger: silent,
            parts: DaemonParts(
                loadDefinitions: gate.load(fewer, blocking: blocking), observer: recorder, notifier: notifier))
        // Safety nets, only if something never comes: the gate opens and the loop stops, so the
        // test fails on its expectations instead of hanging.
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) { gate.open(10) }
        daemon.loop.schedule(at: MonotonicInstant.now().adding(seconds: 90)) { daemon.loop.stop() }
        return daemon
    }

    /// Sends `signal` to the loop's thread, where the daemon's signalfd takes it: the real SIGHUP
    /// and SIGTERM path, without touching the other threads of the test process.
    func signal(_ thread: pthread_t, _ signal: Int32) { pthread_kill(thread, signal) }

    @Test func recordsAndSIGTERMGoOnWhileAReloadParses() throws {
        let dir = try Repository.scratch()
        let gate = Gate()
        let daemon = try daemon(dir, gate: gate)
        let loopThread = pthread_self()
        var parsingWhenLoggedIn = false
        gate.started = try daemon.loop.makeWaker {
            // On the loop, while the reload thread is held in its parse.
            daemon.login(badge: "4711")
            parsingWhenLoggedIn = gate.finished == 0
            self.signal(loopThread, SIGTERM)
        }
        daemon.loop.schedule(at: MonotonicInstant.now()) { self.signal(loopThread, SIGHUP) }
        let code = daemon.runLoop()
        let parseStillRunning = gate.finished == 0
        gate.open()
        #expect(code == 0)
        #expect(gate.loads == 1)
        #expect(parsingWhenLoggedIn, "the login went through during the parse")
        #expect(parseStillRunning, "SIGTERM stopped the daemon during the parse")
        let records = try QualityLog(path: dir.appendingPathComponent("q.sqlite").path).records()
        #expect(records.contains { $0.kind == .login }, "the login's record was written")
        #expect(daemon.station.definitions.instructionSets.count == Self.definitions.instructionSets.count)
    }

    @Test func theWatchdogIsPingedWhileAReloadParses() throws {
        let dir = try Repository.scratch()
        let gate = Gate()
        let socket = try NotifySocket(path: dir.appendingPathComponent("notify").path)
        // A 20 ms watchdog: a ping every 10 ms from the loop's own timer.
        let daemon = try daemon(
            dir, gate: gate, notifier: SystemdNotifier(socketPath: socket.path, watchdogMicroseconds: 20_000))
        let loopThread = pthread_self()
        var parsing = false
        var pingsDuringParse = 0
        gate.started = try daemon.loop.makeWaker { parsing = true }
        _ = try daemon.loop.watch(fd: socket.descriptor) {
            let message = socket.receive()
            guard parsing, gate.finished == 0, message.contains("WATCHDOG=1") else { return }
            pingsDuringParse += 1
            if pingsDuringParse == 3 { self.signal(loopThread, SIGTERM) }
        }
        daemon.loop.schedule(at: MonotonicInstant.now()) { self.signal(loopThread, SIGHUP) }
        #expect(daemon.runLoop() == 0)
        let parseStillRunning = gate.finished == 0
        gate.open()
        #expect(pingsDuringParse == 3)
        #expect(parseStillRunning)
    }

    @Test func aParsePastItsBudgetIsAbandonedAndTheLastGoodSetsStay() throws {
        let dir = try Repository.scratch()
        let gate = Gate()
        // A budget far below the (gated, endless) parse.
        let recorder = StationRecorder()
        let daemon = try daemon(dir, gate: gate, budget: 0.05, recorder: recorder)
        var fault: DeviceFault?
        var abandonedDuringParse = false
        var dropped = false
        recorder.onEvent = { event, _ in
            guard case .fault(let raised) = event, raised.device == DefinitionsUpdates.device else { return }
            fault = raised
            abandonedDuringParse = gate.finished == 0
            gate.open()  // the abandoned parse now returns; its result must be dropped
        }
        daemon.loop.schedule(at: MonotonicInstant.now()) {
            daemon.updates.reloader.onDropped = {
                dropped = true
                daemon.loop.stop()
            }
            daemon.updates.reload()
        }
        #expect(daemon.runLoop() == 0)
        #expect(fault?.message.contains("took longer than 0.05 s") == true, "\(String(describing: fault))")
        #expect(abandonedDuringParse, "given up while the parse still ran, not after it")
        #expect(dropped)
        #expect(daemon.station.definitions.instructionSets.count == Self.definitions.instructionSets.count)
        #expect(daemon.station.machine.state.faults[DefinitionsUpdates.device] != nil)
        let records = try QualityLog(path: dir.appendingPathComponent("q.sqlite").path).records()
        #expect(records.contains { $0.kind == .fault && $0.faultDevice == DefinitionsUpdates.device })
    }

    @Test func aBurstOfReloadsIsTwoLoadsAndTheLastOneApplies() throws {
        let dir = try Repository.scratch()
        let gate = Gate()
        let daemon = try daemon(dir, gate: gate)
        var outcomes = 0
        gate.started = try daemon.loop.makeWaker {
            guard gate.loads == 1 else { return }
            // Fifty more while the first load is held: they become one load after it.
            for _ in 0..<50 { daemon.updates.reload() }
            gate.open()
        }
        daemon.loop.schedule(at: MonotonicInstant.now()) {
            let apply = daemon.updates.reloader.onOutcome
            daemon.updates.reloader.onOutcome = { outcome in
                apply?(outcome)
                outcomes += 1
                if outcomes == 2 { daemon.loop.stop() }
            }
            daemon.updates.reload()
        }
        #expect(daemon.runLoop() == 0)
        #expect(outcomes == 2)
        #expect(gate.loads == 2)
        #expect(daemon.updates.reloader.isLoading == false)
        #expect(daemon.station.definitions.instructionSets.count == Self.definitions.instructionSets.count - 1)
    }

    @Test func aFirstLoadPastItsBudgetStopsTheStartWithAMessage() {
        let gate = Gate()
        let result = DefinitionsReload.loadAtStart(budget: 0.05, load: gate.load(Self.definitions))
        gate.open()
        guard case .failure(let error) = result else {
            Issue.record("a load that never ends was accepted")
            return
        }
        #expect(error.report.contains("took longer than 0.05 s"))
    }
}
