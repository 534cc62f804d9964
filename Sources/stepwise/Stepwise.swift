import ArgumentParser

/// `stepwise`: the tool for engineers and supervisors.
@main
struct Stepwise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "Author, check and preview Stepwise instruction sets and cells; read the quality log.",
        subcommands: [
            Validate.self, Preview.self, Simulate.self, Evaluate.self, Report.self, Devices.self, Monitor.self,
            Pictograms.self, EraseWorker.self, Serve.self, User.self, Retention.self, Bench.self, Coach.self,
            Calibrate.self, Preferences.self, Uplink.self, Site.self, Publish.self, Versions.self, Fit.self,
            Tune.self,
        ])

    /// ArgumentParser's entry point, after restricting the modes of the files the tool creates.
    static func main() async {
        CommandSupport.restrictNewFiles()
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand { try await command.run() } else { try command.run() }
        } catch {
            exit(withError: error)
        }
    }
}
