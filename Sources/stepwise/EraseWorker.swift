import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseDashboard
import StepwiseLog
import StepwiseWorkshop

struct EraseWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase-worker",
        abstract: "Right to erasure: remove a worker's badge mapping and every record and skill of their pseudonym.",
        discussion: """
            On a station: --badge with --db and --pseudonyms. For the whole workshop: --postgres (or \
            --postgres-url-file) with --worker, or with --badge and the site key; every station's uplink then \
            removes its copy at its next contact.
            """)

    @Option(help: "The worker's badge id.")
    var badge: String?
    @Option(help: "The worker's pseudonym (w-…), for the central server.")
    var worker: String?
    @OptionGroup var qualityLog: QualityLogOption
    @Option(help: "The badge → pseudonym table.")
    var pseudonyms: String = "/var/lib/stepwise/pseudonyms.sqlite"
    @OptionGroup var server: CentralServerOptions
    @Option(help: "The site key, to find a badge's pseudonym for the central server.")
    var siteKey: String = SiteKeyFile.defaultPath

    func run() throws {
        if server.postgres != nil || server.postgresUrlFile != nil { return try eraseCentrally() }
        guard let badge else { throw CommandSupport.fail("give --badge (or --worker with --postgres)") }
        let registry = try PseudonymRegistry(path: pseudonyms)
        guard let worker = try registry.erase(badge: badge) else {
            throw CommandSupport.fail("no worker with that badge in \(pseudonyms)")
        }
        let removed = try DashboardStore(path: qualityLog.db).eraseWorker(worker)
        print("erased \(worker): \(removed) rows removed; the badge is no longer known")
    }

    private func eraseCentrally() throws {
        let target: WorkerPseudonym
        switch (worker, badge) {
        case (let worker?, nil): target = WorkerPseudonym(worker)
        case (nil, let badge?):
            do {
                target = try SiteKeyFile.read(path: siteKey).pseudonym(forBadge: badge)
            } catch {
                throw CommandSupport.fail("\(error)")
            }
        default: throw CommandSupport.fail("give exactly one of --worker and --badge")
        }
        let address = try server.address()
        let removed: Int
        do {
            removed = try PostgresWorkshop(address).erase(
                target, by: "command line (\(ProcessInfo.processInfo.userName))")
        } catch {
            throw CommandSupport.fail("\(error)")
        }
        print(
            "erased \(target.rawValue) on the central server: \(removed) records removed; "
                + "each station removes its copy and the badge at its uplink's next contact")
    }
}
