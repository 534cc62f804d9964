import Foundation

/// The CPU time of a PostgreSQL server running on this machine, read from /proc: the postmaster's
/// own time, the time of the children it has reaped (a backend that ended during the measurement
/// still counts) and that of every live child (backends, WAL writer, checkpointer, autovacuum).
/// Only the difference of two readings means anything.
struct ServerCPU: Sendable, Equatable {
    let postmaster: Int32

    /// Finds the postmaster from the process id the server gives for one of its own backends.
    /// Fails with the reason when that process is not a PostgreSQL backend here: the server runs on
    /// another machine or in another process namespace.
    static func locate(backend: Int32, address: CentralAddress) -> Result<ServerCPU, Unknown> {
        if case .tcp(let host, _) = address.endpoint, !["localhost", "127.0.0.1", "::1"].contains(host) {
            return .failure(Unknown("the server is at \(host), not on this machine"))
        }
        guard let process = ProcessStat.read(backend), process.command == "postgres",
            let parent = ProcessStat.read(process.parent), parent.command == "postgres"
        else {
            return .failure(Unknown("process \(backend) the server names is no PostgreSQL backend on this machine"))
        }
        return .success(ServerCPU(postmaster: process.parent))
    }

    /// CPU seconds so far of the postmaster, its reaped children and its live children; nil when
    /// the postmaster is gone.
    func seconds() -> Double? {
        guard let root = ProcessStat.read(postmaster) else { return nil }
        var ticks = root.ownTicks + root.reapedChildrenTicks
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), pid != postmaster, let child = ProcessStat.read(pid),
                child.parent == postmaster
            else { continue }
            ticks += child.ownTicks
        }
        return Double(ticks) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Why the server's CPU could not be read.
    struct Unknown: Error, Sendable, Equatable {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}

/// The fields of /proc/PID/stat the measurement needs.
struct ProcessStat: Equatable {
    var command: String
    var parent: Int32
    /// utime + stime, in clock ticks.
    var ownTicks: UInt64
    /// cutime + cstime: children waited for.
    var reapedChildrenTicks: UInt64

    static func read(_ pid: Int32) -> ProcessStat? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        return parse(text)
    }

    /// The command sits in parentheses and may itself hold spaces and parentheses: the fields
    /// after it start at the last ')'.
    static func parse(_ text: String) -> ProcessStat? {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else { return nil }
        let command = String(text[text.index(after: open)..<close])
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command: state, ppid, …; utime is field 14 of the whole line, here index 11.
        guard fields.count > 14, let parent = Int32(fields[1]), let user = UInt64(fields[11]),
            let system = UInt64(fields[12]), let childUser = Int64(fields[13]), let childSystem = Int64(fields[14])
        else { return nil }
        return ProcessStat(
            command: command, parent: parent, ownTicks: user + system,
            reapedChildrenTicks: UInt64(max(0, childUser + childSystem)))
    }
}
