import ArgumentParser
import Foundation
import StepwiseDashboard
import StepwiseRuntime

enum CommandSupport {
    /// Loads and validates a cell with a set (file or folder); prints located errors and exits 1 on any.
    static func load(cell: String, instructions: String) throws -> Definitions {
        switch Definitions.load(cellPath: cell, instructionsPath: instructions) {
        case .success(let definitions): return definitions
        case .failure(let error):
            FileHandle.standardError.write(Data((error.report + "\n").utf8))
            throw ExitCode(1)
        }
    }

    /// Prints `message` on stderr, controls made visible (it may quote a stored or typed name).
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("stepwise: \(TerminalText.lines(message))\n".utf8))
        return ExitCode(1)
    }

    /// Prints stored text (set ids, step ids, reasons, account names) to standard output with
    /// every control character and bidi override made visible: what a file or a form stored
    /// must never drive the terminal.
    static func printStored(_ text: String) {
        print(TerminalText.lines(text))
    }

    /// Files the tool creates (a new quality log, an exported calibration, a spill file) are
    /// for the service's user only, as the unit's `UMask=0077` makes the daemon's.
    static func restrictNewFiles() {
        umask(0o077)
    }
}
