import StepwiseTestSupport
import Foundation
import StepwiseLog
import Testing

/// SIGTERM must stop `stepwised` while a USB device is open with a transfer in flight (the HIL rig
/// once saw the daemon hang in its shutdown with the USB gadget attached). Runs the built binary
/// under umockdev (scripts/test-umockdev.sh, its own `umockdev-run`): the demo cell's pedal key is
/// the bench's pedal 05f3:00ff, whose script `pedal-held.ioctl` answers one report and keeps the
/// next transfer pending, so the device is still open, reading, when the signal comes; umockdev
/// cannot even cancel that transfer, the harder case for the shutdown.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["UMOCKDEV_DIR"] != nil, "needs umockdev-run"))
struct DaemonStopUmockdevTests {
    @Test func sigtermStopsTheDaemonWithAUSBDeviceOpen() throws {
        let dir = try Repository.scratch()
        for folder in ["Devices", "WorkInstructions"] {
            try FileManager.default.copyItem(
                atPath: Repository.path(folder), toPath: dir.appendingPathComponent(folder).path)
        }
        let cell = dir.appendingPathComponent("Devices/demo-cell.yaml")
        let text = try String(contentsOf: cell, encoding: .utf8)
            .replacingOccurrences(
                of: "{id: pedal.done, simulated: {key: p}}",
                with: "{id: pedal.done, usb: {device: pedal, byte: 0, bit: 0}}"
            )
            .replacingOccurrences(
                of: "\ninputs:\n",
                with: """

                    usb-devices:
                      - {id: pedal, kind: buttons, vendor: "0x05f3", product: "0x00ff", interface: 0, endpoint: "0x81"}

                    inputs:

                    """)
        try text.write(to: cell, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("q.sqlite").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repository.path(".build/debug/stepwised"))
        process.arguments = ["--cell", cell.path, "--db", db, "--no-console", "--no-watch"]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // A hung stop is killed, so the test fails (status 9) instead of hanging.
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        var log = ""
        while !log.contains("stepwised running") {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            log += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGTERM)
        log += String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(log)")
        #expect(log.contains("stepwised stopped"), "\(log)")
        let faults = try QualityLog(path: db).records().filter { $0.kind == .fault }.compactMap(\.faultDevice)
        #expect(!faults.contains { $0.hasPrefix("pedal") }, "the pedal was open and reading until the stop: \(faults)")
    }
}
