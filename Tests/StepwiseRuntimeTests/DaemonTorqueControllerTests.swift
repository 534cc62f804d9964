import Foundation
import StepwiseCore
import StepwiseLog
import StepwiseTestSupport
import Testing

/// The built `stepwised` with the demo cell's torque inputs on the simulated controller: one cycle
/// of the LED street-light, keys for every other input, the screws from the controller over TCP.
/// The quality log must hold each tightening with its values against the screw step.
@Suite(.serialized) struct DaemonTorqueControllerTests {
    /// The daemon's standard output read so far: every record as a text line.
    final class Output {
        let pipe: Pipe
        var text = ""
        init(_ pipe: Pipe) { self.pipe = pipe }

        /// Reads until a line satisfies `match` (or the daemon ends); returns whether one did.
        @discardableResult
        func wait(until match: (String) -> Bool) -> Bool {
            while !text.split(separator: "\n").contains(where: { match(String($0)) }) {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { return false }
                text += String(decoding: chunk, as: UTF8.self)
            }
            return true
        }

        func count(_ match: (String) -> Bool) -> Int { text.split(separator: "\n").filter { match(String($0)) }.count }
    }

    static func wired(_ cell: String, port: UInt16) -> String {
        cell.replacingOccurrences(
            of: "{id: torque.ok, simulated: {key: t}}",
            with: "{id: torque.ok, open-protocol: {host: 127.0.0.1, port: \(port), result: ok}}"
        ).replacingOccurrences(
            of: "{id: torque.nok, simulated: {key: n}}",
            with: "{id: torque.nok, open-protocol: {host: 127.0.0.1, port: \(port), result: nok}}")
    }

    static func tightening(id: Int, ok: Bool) -> [UInt8] {
        var tightening = SimulatedTightening()
        tightening.tighteningID = id
        tightening.ok = ok
        tightening.parameterSet = 3
        return OpenProtocolController.frame(mid: 61, revision: 1, data: tightening.data)
    }

    @Test func oneCycleWithScrewsFromTheController() throws {
        let controller = try OpenProtocolController()
        defer { controller.stop() }
        let dir = try Repository.scratch()
        for folder in ["Devices", "WorkInstructions"] {
            try FileManager.default.copyItem(
                atPath: Repository.path(folder), toPath: dir.appendingPathComponent(folder).path)
        }
        let cellPath = dir.appendingPathComponent("Devices/demo-cell.yaml")
        let cell = try String(contentsOf: cellPath, encoding: .utf8)
        #expect(Self.wired(cell, port: controller.port) != cell, "the demo cell's torque lines changed")
        try Self.wired(cell, port: controller.port).write(to: cellPath, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("q.sqlite").path

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repository.path(".build/debug/stepwised"))
        process.arguments = [
            "--cell", cellPath.path, "--db", db, "--mirror", dir.appendingPathComponent("projector.png").path,
            "--no-watch", "--console",
        ]
        // A daemon that died must fail the test, not kill the test runner with SIGPIPE on the next key.
        signal(SIGPIPE, SIG_IGN)
        let keys = Pipe(), out = Pipe(), log = Pipe()
        process.standardInput = keys
        process.standardOutput = out
        // A few lines in all, read once it has ended: far below what a pipe holds.
        process.standardError = log
        try process.run()
        // A daemon that never says what the test waits for is stopped, so the test fails instead of hanging.
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if process.isRunning { process.terminate() } }
        let output = Output(out)
        func type(_ text: String) { keys.fileHandleForWriting.write(Data(text.utf8)) }

        #expect(controller.wait(upTo: .seconds(30)) { $0.subscribed }, "the daemon connects and subscribes")
        // The first cycle of the shipped replay, up to the screws: badge, scan, then the keys of each input.
        type("bDEMO-0001\nsLSL-40\n1f32p4pp")
        let screwing = output.wait { $0.contains("step-started") && $0.contains("step screw-board") }
        #expect(screwing, "\(output.text)")
        // One NOK, then four OK, all in one write: the frames are cut apart by the daemon's decoder.
        controller.send(
            Self.tightening(id: 1016, ok: false) + (1017...1020).flatMap { Self.tightening(id: $0, ok: true) })
        #expect(output.wait { $0.contains("step-done") && $0.contains("step screw-board") }, "\(output.text)")
        type("6pkp879")
        #expect(output.wait { $0.contains("cycle-done") }, "\(output.text)")
        type("q")
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let said = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(
            said.contains(
                "torque controller 127.0.0.1:\(controller.port): started and subscribed (Simulated PF, MID 0002 revision 3)"
            ), "\(said)")

        let records = try QualityLog(path: db).records()
        // The station handled them in the controller's order (its record lines, as they were made) …
        let lines = output.text.split(separator: "\n").filter { $0.contains("  tightening  ") }
        #expect(
            lines.map { $0.split(separator: " ").last.map(String.init) } == ["1016", "1017", "1018", "1019", "1020"])
        // … but the log orders by wall time, converted per record with a few tens of nanoseconds of jitter, so
        // records of one instant may come back in another order: compare them by the controller's id.
        let tightenings = records.filter { $0.kind == .tightening }.sorted {
            ($0.tightening?.controllerID ?? 0) < ($1.tightening?.controllerID ?? 0)
        }
        #expect(tightenings.map { $0.tightening?.controllerID } == [1016, 1017, 1018, 1019, 1020])
        #expect(tightenings.allSatisfy { $0.step == "screw-board" && $0.tightening?.program == 3 })
        #expect(tightenings.map(\.input) == ["torque.nok"] + Array(repeating: "torque.ok", count: 4))
        #expect(tightenings.map { $0.tightening?.ok } == [false, true, true, true, true])
        #expect(tightenings.first?.tightening?.summary == "12.50 Nm (10.00–15.00), 180°")
        #expect(records.contains { $0.kind == .wrongAction && $0.step == "screw-board" && $0.input == "torque.nok" })
        #expect(records.contains { $0.kind == .cycleDone })
        #expect(!records.contains { $0.kind == .fault && $0.faultDevice?.contains("torque") == true })
        #expect(controller.snapshot.resultAcknowledgements == 5)
    }
}
