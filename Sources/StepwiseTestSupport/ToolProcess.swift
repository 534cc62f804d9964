import Foundation

/// Runs one of the built executables as a user would, for tests of what it prints and exits with.
public enum ToolProcess {
    /// Runs `executable` with `input` on its standard input; returns its exit status, standard output
    /// and standard error once it has ended.
    public static func run(
        _ executable: String, _ arguments: [String], input: String = ""
    ) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, stdout, String(decoding: stderr, as: UTF8.self))
    }
}

extension Pipe {
    /// Reads until `marker` appears or the writer has closed; returns what was read.
    public func read(until marker: String) -> String {
        var text = ""
        while !text.contains(marker) {
            let chunk = fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        return text
    }
}
