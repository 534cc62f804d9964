import ArgumentParser
import Foundation
import StepwiseDashboard

/// `--db`: the quality log every supervisor command reads, at the service's default place.
struct QualityLogOption: ParsableArguments {
    @Option(help: "The quality log (SQLite) the daemon writes.")
    var db: String = "/var/lib/stepwise/quality.sqlite"

    /// The path, for commands that only read: a missing file is an error, not a new empty log.
    func existing() throws -> String {
        guard FileManager.default.fileExists(atPath: db) else {
            throw CommandSupport.fail("\(db): no such quality log")
        }
        return db
    }
}

extension QualityLogOption {
    /// Runs `body` on the dashboard tables of the existing log; any error becomes one line on stderr and exit 1.
    func dashboard<T>(_ body: (DashboardStore) throws -> T) throws -> T {
        let path = try existing()
        do {
            return try body(try DashboardStore(path: path))
        } catch {
            throw CommandSupport.fail("\(error)")
        }
    }
}
