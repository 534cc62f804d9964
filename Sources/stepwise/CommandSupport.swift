import ArgumentParser
import Foundation
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

    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("stepwise: \(message)\n".utf8))
        return ExitCode(1)
    }
}
