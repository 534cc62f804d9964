import ArgumentParser
import StepwiseDashboard
import StepwiseLog

struct EraseWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase-worker",
        abstract: "Right to erasure: remove a worker's badge mapping and every record and skill of their pseudonym.")

    @Option(help: "The worker's badge id.")
    var badge: String
    @OptionGroup var qualityLog: QualityLogOption
    @Option(help: "The badge → pseudonym table.")
    var pseudonyms: String = "/var/lib/stepwise/pseudonyms.sqlite"

    func run() throws {
        let registry = try PseudonymRegistry(path: pseudonyms)
        guard let worker = try registry.erase(badge: badge) else {
            throw CommandSupport.fail("no worker with that badge in \(pseudonyms)")
        }
        let removed = try DashboardStore(path: qualityLog.db).eraseWorker(worker)
        print("erased \(worker): \(removed) rows removed; the badge is no longer known")
    }
}
