import ArgumentParser
import Foundation
import StepwiseDashboard
import StepwiseWorkshop

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

/// Where the dashboard's store is: one station's quality log (`--db`), or the workshop's central
/// server (`--postgres` or `--postgres-url-file`) with every station's records and one set of
/// accounts, sessions and audit trail for the whole workshop.
struct DashboardStoreOption: ParsableArguments {
    @OptionGroup var qualityLog: QualityLogOption
    @OptionGroup var server: CentralServerOptions

    var central: Bool { server.postgres != nil || server.postgresUrlFile != nil }

    /// Opens the store; `creating` makes a station log that does not exist yet (adding the first account).
    func open(creating: Bool = false) throws -> DashboardStore {
        let address = central ? try server.address() : nil
        let path = central || creating ? qualityLog.db : try qualityLog.existing()
        do {
            guard let address else { return try DashboardStore(path: path) }
            return try DashboardStore(workshop: PostgresWorkshop(address))
        } catch {
            throw CommandSupport.fail("\(error)")
        }
    }

    /// Runs `body` on the opened store; any error becomes one line on stderr and exit 1.
    func dashboard<T>(_ body: (DashboardStore) throws -> T) throws -> T {
        let store = try open()
        do {
            return try body(store)
        } catch {
            throw CommandSupport.fail("\(error)")
        }
    }
}
