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

extension ToolProcess {
    /// Runs `executable` to its end with its output appended to `log`; returns its exit code (-1
    /// if it could not start or was killed). Spawned and reaped by its own pid, without
    /// Foundation's `Process`: a script that starts a server which outlives it (`pg_ctl start`)
    /// left `Process.waitUntilExit` waiting after the script had ended.
    public static func exitCode(_ executable: String, _ arguments: [String], log: String) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        // WIFEXITED / WEXITSTATUS, which Swift's Glibc does not import as functions.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : -1
    }
}
