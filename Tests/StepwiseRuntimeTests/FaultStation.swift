import StepwiseTestSupport
import Foundation
import Glibc
import StepwiseCore
import StepwiseLog
import StepwiseRuntime

/// A scratch copy of the demo cell with a long replay (hundreds of cycles, an input every 50 ms),
/// for starting the built `stepwised` under injected faults.
final class FaultStation {
    /// The built daemon; `STEPWISED_BINARY` points the suite at another build (e.g. an older one).
    static let binary =
        ProcessInfo.processInfo.environment["STEPWISED_BINARY"] ?? Repository.path(".build/debug/stepwised")
    let dir: URL
    /// The quality log; in `logFolder` when one is given.
    let db: String
    let trace: URL

    init(logFolder: String? = nil, createLogFolder: Bool = true, name: String = #function) throws {
        let dir = try Repository.scratch("fault-" + name)
        self.dir = dir
        for folder in ["Devices", "WorkInstructions"] {
            try FileManager.default.copyItem(
                atPath: Repository.path(folder), toPath: dir.appendingPathComponent(folder).path)
        }
        // The demo cell's framebuffer file lives in ../out.
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        let folder = logFolder.map { dir.appendingPathComponent($0) } ?? dir
        if createLogFolder { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        db = folder.appendingPathComponent("q.sqlite").path
        trace = dir.appendingPathComponent("cycles.trace")
        try Self.cycles(300, definitions: dir).write(to: trace, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    /// One worker doing `count` cycles of the first shipped set, one input a second.
    static func cycles(_ count: Int, definitions dir: URL) throws -> String {
        let definitions = try Definitions.load(
            cellPath: dir.appendingPathComponent("Devices/demo-cell.yaml").path,
            instructionsPath: dir.appendingPathComponent("WorkInstructions").path
        ).get()
        let set = definitions.instructionSets[0]
        let variant = set.variants.first?.id
        var lines = ["0 badge FAULT-0001", "1 select \(set.id)\(variant.map { " \($0)" } ?? "")"]
        var t = 2
        for _ in 0..<count {
            for stage in set.stages(for: variant) {
                for step in stage.steps {
                    for input in Activations.completing(step.completion) {
                        t += 1
                        lines.append("\(t) \(input)")
                    }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Starts the daemon replaying the cycles at 20× speed, with a file-size limit from its first
    /// instruction if one is given.
    func start(extra: [String] = [], fileSizeLimit: Int? = nil) throws -> DaemonUnderTest {
        try DaemonUnderTest(
            fileSizeLimit: fileSizeLimit,
            arguments: [
                "--cell", dir.appendingPathComponent("Devices/demo-cell.yaml").path, "--db", db, "--no-console",
                "--no-watch", "--replay", trace.path, "--speed", "20",
            ] + extra)
    }

    /// What the log holds now; empty while it cannot be read.
    func records() -> [QualityRecord] {
        (try? QualityLog(path: db).records()) ?? []
    }

    /// Projector faults raised and cleared, from the log.
    func projectorFaults() -> (raised: Int, cleared: Int) {
        let records = records()
        return (
            records.filter { $0.kind == .fault && $0.faultKind == .projector }.count,
            records.filter { $0.kind == .faultCleared && $0.detail?.contains("framebuffer") == true }.count
        )
    }

    private var folder: String { (db as NSString).deletingLastPathComponent }
    private var aside: String { folder + "-aside" }

    /// The log's folder moved away and a plain file put in its place: unwritable even for root.
    func breakLogFolder() throws {
        try FileManager.default.moveItem(atPath: folder, toPath: aside)
        _ = FileManager.default.createFile(atPath: folder, contents: Data("not a folder".utf8))
    }

    func repairLogFolder() throws {
        try FileManager.default.removeItem(atPath: folder)
        try FileManager.default.moveItem(atPath: aside, toPath: folder)
    }
}

/// The running `stepwised`, its output collected by reader threads (a full pipe would block it).
/// Started through `sh` with SIGXFSZ ignored (inherited across exec): a file-size limit then
/// fails writes with EFBIG, as a full disk fails them with ENOSPC, instead of killing the process.
final class DaemonUnderTest: @unchecked Sendable {
    // @unchecked: `stdoutText` and `stderrText` are only touched under `lock`.
    private let process = Process()
    private let lock = NSLock()
    private var stdoutText = ""
    private var stderrText = ""
    private let readers = DispatchGroup()

    init(fileSizeLimit: Int? = nil, arguments: [String]) throws {
        let limit = fileSizeLimit.map { "ulimit -S -f \($0); " } ?? ""
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "trap '' XFSZ; \(limit)exec \"$0\" \"$@\"", FaultStation.binary] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        collect(out, isError: false)
        collect(err, isError: true)
        // A daemon a test forgot is stopped, so the run ends instead of hanging.
        let process = process
        DispatchQueue.global().asyncAfter(deadline: .now() + 180) { if process.isRunning { process.terminate() } }
    }

    private func collect(_ pipe: Pipe, isError: Bool) {
        readers.enter()
        Thread { [self] in
            while true {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                lock.lock()
                let text = String(decoding: chunk, as: UTF8.self)
                if isError { stderrText += text } else { stdoutText += text }
                lock.unlock()
            }
            readers.leave()
        }.start()
    }

    var pid: pid_t { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    /// Standard output: the records echoed as text lines.
    var output: String {
        lock.lock()
        defer { lock.unlock() }
        return stdoutText
    }
    var errors: String {
        lock.lock()
        defer { lock.unlock() }
        return stderrText
    }

    /// The records the daemon echoed (each was handed to the log writer), as text lines.
    func echoedRecords() -> Set<String> {
        Set(output.split(separator: "\n").map(String.init).filter { $0.count > 24 && $0.dropFirst(10).hasPrefix("T") })
    }

    /// Sets the soft file-size limit of the running process with util-linux `prlimit` (one may
    /// change the limits of one's own processes); nil: no limit.
    func limitFileSize(to bytes: Int?) -> Bool {
        let tool = Process()
        tool.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        tool.arguments = ["--pid", "\(pid)", "--fsize=\(bytes.map(String.init) ?? "unlimited"):unlimited"]
        guard (try? tool.run()) != nil else { return false }
        tool.waitUntilExit()
        return tool.terminationStatus == 0
    }

    /// Waits (at most 60 s) for the process to end and its output to be read.
    func waitForExit() {
        _ = eventually(seconds: 60) { !process.isRunning }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
        _ = readers.wait(timeout: .now() + 10)
    }

    var exitStatus: Int32? {
        process.isRunning || process.terminationReason != .exit ? nil : process.terminationStatus
    }
    var exitSignal: Int32? {
        process.isRunning || process.terminationReason != .uncaughtSignal ? nil : process.terminationStatus
    }

    /// SIGTERM, then the exit status (nil if killed by a signal) and everything said on stderr.
    func stop() -> (status: Int32?, errors: String) {
        kill(pid, SIGTERM)
        waitForExit()
        return (exitStatus, errors)
    }
}
