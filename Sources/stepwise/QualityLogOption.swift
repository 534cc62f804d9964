import ArgumentParser
import Foundation

/// `--db`: the quality log every supervisor command reads, at the service's default place.
struct QualityLogOption: ParsableArguments {
    @Option(help: "The quality log (SQLite) the daemon writes.")
    var db: String = "/var/lib/stepwise/quality.sqlite"

    /// The path, for commands that only read: a missing file is an error, not a new empty log.
    func existing() throws -> String {
        guard FileManager.default.fileExists(atPath: db) else { throw CommandSupport.fail("\(db): no such quality log") }
        return db
    }
}
