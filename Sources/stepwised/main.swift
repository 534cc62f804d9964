import ArgumentParser
import Foundation
import Logging
import StepwiseRuntime

/// `stepwised`: the station daemon. Thin: options in, `Daemon.run` does the work.
struct StepwiseDaemonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stepwised",
        abstract: "Runs one assembly cell: sensors in, adaptive instructions projected, every step logged.")

    @Option(help: "The cell file (Devices/*.yaml).")
    var cell: String
    @Option(help: "Instruction set file or folder (default: WorkInstructions next to the cell's folder).")
    var instructions: String?
    @Option(help: "The quality log (SQLite).")
    var db = "/var/lib/stepwise/quality.sqlite"
    @Option(help: "Badge → pseudonym table, kept apart from the log (default: next to --db).")
    var pseudonyms: String?
    @Option(help: "The site key (`stepwise site`); new badges get the site's pseudonyms (default: next to --db).")
    var siteKey: String?
    @Option(help: "Write each presented frame as a PNG here too (what the projector shows).")
    var mirror: String?
    @Option(help: "Replay a sensor trace (see docs/formats.md) into the station.")
    var replay: String?
    @Option(help: "Replay speed factor, 0.01 to 1000 (2 plays twice as fast).")
    var speed: Double = 1
    @Flag(inversion: .prefixedNo, help: "Reload when a definition file is saved (SIGHUP always reloads).")
    var watch = true
    @Flag(help: "Stop when the replay has been played.")
    var exitAfterReplay = false
    @Flag(
        inversion: .prefixedNo,
        help: "Read simulated sensor keys from standard input (default: only when it is a terminal).")
    var console: Bool?
    @Option(help: "A folder for records the log cannot take at stop (disk full); imported at the next start.")
    var spill: String?
    @Option(
        help: """
            Seconds to wait after a sign-in for the worker's state from the central server, which the uplink \
            brings (0: never ask; the sign-in itself never waits).
            """)
    var centralWait: Double = 1.5

    func validate() throws {
        if let problem = ReplaySpeed.problem(speed) { throw ValidationError(problem) }
        guard (0...10).contains(centralWait) else {
            throw ValidationError("--central-wait \(centralWait): expected 0 to 10 seconds")
        }
    }

    func run() throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let dbURL = URL(fileURLWithPath: db)
        var options = DaemonOptions(
            cellPath: cell,
            instructionsPath: instructions ?? Definitions.defaultInstructionsPath(forCell: cell),
            databasePath: db,
            pseudonymsPath: pseudonyms
                ?? dbURL.deletingLastPathComponent().appendingPathComponent("pseudonyms.sqlite").path,
            mirrorPath: mirror, replayPath: replay, replaySpeed: speed,
            console: DaemonOptions.readsKeys(asked: console, standardInputIsTerminal: isatty(STDIN_FILENO) == 1),
            watchFiles: watch)
        options.exitAfterReplay = exitAfterReplay
        options.spillDirectory = spill
        options.centralWaitSeconds = centralWait
        options.siteKeyPath = siteKey ?? dbURL.deletingLastPathComponent().appendingPathComponent("site.key").path
        let code = Daemon.run(options: options, logger: Logger(label: "stepwised"))
        if code != 0 { throw ExitCode(code) }
    }
}

StepwiseDaemonCommand.main()
