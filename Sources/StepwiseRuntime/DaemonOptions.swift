/// How `stepwised` was asked to run.
public struct DaemonOptions: Sendable {
    /// The cell file (`Devices/*.yaml`).
    public var cellPath: String
    /// An instruction-set file or a folder of them.
    public var instructionsPath: String
    /// The quality log (SQLite).
    public var databasePath: String
    /// The badge → pseudonym table, kept apart from the quality log.
    public var pseudonymsPath: String
    /// Where to mirror each presented frame as PNG (for demo cells and remote checks); nil for none.
    public var mirrorPath: String?
    /// A sensor trace to replay in real time (see `Trace`), e.g. for a demo without a keyboard.
    public var replayPath: String?
    /// Replay speed factor (2 = twice as fast).
    public var replaySpeed: Double
    /// Stop when the replay has been played (end-to-end checks, scripted demos).
    public var exitAfterReplay: Bool = false
    /// Read keys from standard input (demo cells with simulated inputs); see `readsKeys`.
    public var console: Bool
    /// Re-read the definitions when a file in the instruction or cell folder changes.
    public var watchFiles: Bool
    /// How long loading the definitions may take (at start and on each reload) before it is
    /// given up; a normal load takes milliseconds.
    public var reloadBudgetSeconds: Double = 5
    /// Where records go that cannot be written to the log at stop; imported at the next start.
    public var spillDirectory: String?
    /// The workshop's site key (`stepwise site`), read once at start: when the file is there, a new
    /// badge gets the site's pseudonym. nil: none asked for (tests, the benchmark).
    public var siteKeyPath: String?
    /// How long the profile worker waits after a sign-in for the uplink to bring the worker's state
    /// from the central store (only when an uplink ships this log); then it takes the station's copy.
    public var centralWaitSeconds = 1.5

    public init(
        cellPath: String, instructionsPath: String, databasePath: String, pseudonymsPath: String,
        mirrorPath: String? = nil, replayPath: String? = nil, replaySpeed: Double = 1, console: Bool = true,
        watchFiles: Bool = true
    ) {
        self.cellPath = cellPath
        self.instructionsPath = instructionsPath
        self.databasePath = databasePath
        self.pseudonymsPath = pseudonymsPath
        self.mirrorPath = mirrorPath
        self.replayPath = replayPath
        self.replaySpeed = replaySpeed
        self.console = console
        self.watchFiles = watchFiles
    }

    /// Keys come from a terminal, or from any standard input when asked (`--console`). A service
    /// has /dev/null there and must run without a console; `--no-console` turns it off everywhere.
    public static func readsKeys(asked: Bool?, standardInputIsTerminal: Bool) -> Bool {
        asked ?? standardInputIsTerminal
    }
}
