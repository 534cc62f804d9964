import ArgumentParser
import Foundation
import Logging
import StepwiseCore
import StepwiseLog
import StepwiseRuntime
import StepwiseWorkshop

/// `stepwise uplink`: ships this station's quality log to the workshop's PostgreSQL.
struct Uplink: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ship this station's quality log to the workshop's central PostgreSQL (its own service).",
        subcommands: [Ship.self, Status.self], defaultSubcommand: Ship.self)

    struct Ship: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ship", abstract: "Run the uplink until SIGTERM (what stepwise-uplink.service starts).")

        @OptionGroup var qualityLog: QualityLogOption
        @OptionGroup var server: CentralServerOptions
        @Option(help: "This station's name on the central server (default: the host name).")
        var station: String?
        @OptionGroup var shipping: UplinkBatchOptions
        @Option(help: "Longest sleep without a change to the log, in seconds, before a heartbeat.")
        var idleSeconds: Double = 30
        @Option(help: "Longest wait between tries while the server is unreachable, in seconds.")
        var backoffCap: Double = 30
        @Option(help: "Longest wait for the server to answer a batch, in seconds; then it reconnects.")
        var timeout: Double = 30
        @Option(help: "The badge table, where a central erasure also forgets the badge (default: next to --db).")
        var pseudonyms: String?
        @Option(help: "The station's cell file: install the published versions of the sets it names.")
        var cell: String?
        @Option(help: "The instruction folder the daemon reloads (default: WorkInstructions beside the cell's folder).")
        var instructions: String?

        func run() async throws {
            let (batch, shipMethod) = try shipping.validated()
            guard idleSeconds > 0, backoffCap > 0, timeout > 0 else {
                throw CommandSupport.fail("--idle-seconds, --backoff-cap and --timeout: expected more than 0")
            }
            let address = try server.address()
            var settings = UplinkSettings(station: station ?? ProcessInfo.processInfo.hostName)
            settings.batchSize = batch
            settings.idleSeconds = idleSeconds
            settings.method = shipMethod
            settings.answerSeconds = timeout
            settings.badgeTable =
                pseudonyms
                ?? URL(fileURLWithPath: qualityLog.db).deletingLastPathComponent()
                .appendingPathComponent("pseudonyms.sqlite").path
            settings.backoff = UplinkBackoff(first: min(0.5, backoffCap), cap: backoffCap)
            if let cell {
                settings.instructions = StationInstructions(
                    cell: cell, folder: instructions ?? Definitions.defaultInstructionsPath(forCell: cell))
            } else if instructions != nil {
                throw CommandSupport.fail("--instructions: give --cell too (its instruction-sets say what to install)")
            }
            LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
            let uplink: StepwiseWorkshop.Uplink
            do {
                let outbox = try UplinkOutbox(path: qualityLog.db)
                uplink = try StepwiseWorkshop.Uplink(
                    outbox: outbox, address: address, settings: settings, logger: Logger(label: "stepwise-uplink"))
            } catch {
                throw CommandSupport.fail("uplink: \(error)")
            }
            await uplink.run()
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Records not yet on the central server, the last acknowledgement and the lag.")

        @OptionGroup var qualityLog: QualityLogOption

        func run() throws {
            let backlog: UplinkBacklog
            do {
                backlog = try UplinkOutbox(path: try qualityLog.existing(), shipping: false).backlog()
            } catch let error as ExitCode {
                throw error
            } catch {
                throw CommandSupport.fail("uplink status: \(error)")
            }
            let now = Instant(nanoseconds: UInt64(max(0, Date().timeIntervalSince1970 * 1e9)))
            print(UplinkStatusText.lines(backlog, now: now))
        }
    }
}

/// How the uplink (and its benchmark) sends records: batch size and method, checked.
struct UplinkBatchOptions: ParsableArguments {
    @Option(help: "Records per transaction (1 to 2,000).")
    var batch: Int = 2000
    @Option(help: "How batches reach the server: auto (insert below 50 records, copy from there), insert or copy.")
    var method: String = ShipMethod.auto.rawValue

    func validated() throws -> (batch: Int, method: ShipMethod) {
        guard (1...2000).contains(batch) else { throw CommandSupport.fail("--batch \(batch): expected 1 to 2000") }
        guard let shipMethod = ShipMethod(rawValue: method) else {
            throw CommandSupport.fail("--method \(method): expected auto, insert or copy")
        }
        return (batch, shipMethod)
    }
}

/// `--postgres` or `--postgres-url-file`: where the central server is. A password belongs in the
/// file (mode 0600), in PGPASSWORD or in ~/.pgpass, never on the command line where `ps` shows it.
struct CentralServerOptions: ParsableArguments {
    @Option(help: "The central server, postgres://USER@HOST[:PORT]/DATABASE (no password here).")
    var postgres: String?
    @Option(help: "A file holding the server's URL, password included (readable by the service only).")
    var postgresUrlFile: String?

    func address() throws -> CentralAddress {
        let url: String
        switch (postgres, postgresUrlFile) {
        case (let given?, nil):
            guard URLComponents(string: given)?.password == nil else {
                throw CommandSupport.fail(
                    "--postgres: a password on the command line is visible to every user in ps; "
                        + "put the URL in --postgres-url-file or the password in PGPASSWORD or ~/.pgpass")
            }
            url = given
        case (nil, let file?):
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CommandSupport.fail("--postgres-url-file \(file): cannot read it")
            }
            url = text
        default: throw CommandSupport.fail("give exactly one of --postgres and --postgres-url-file")
        }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        let pgpass = ProcessInfo.processInfo.environment["PGPASSFILE"] ?? "\(home)/.pgpass"
        switch CentralAddress.parse(
            url, environment: ProcessInfo.processInfo.environment,
            pgpass: try? String(contentsOfFile: pgpass, encoding: .utf8))
        {
        case .success(let address): return address
        case .failure(let error): throw CommandSupport.fail("\(error)")
        }
    }
}

/// The status as lines a person reads; the numbers stand alone after their label for scripts.
enum UplinkStatusText {
    static func lines(_ backlog: UplinkBacklog, now: Instant) -> String {
        let acknowledged = backlog.lastAcknowledged.map {
            "\(RecordFormat.isoTime($0)) (\(seconds(now.seconds(since: $0))) s ago)"
        }
        return [
            "pending: \(backlog.pending)",
            "acknowledged through row: \(backlog.acknowledgedThrough)",
            "last acknowledgement: \(acknowledged ?? "never")",
            "lag: \(seconds(backlog.lagSeconds(now: now))) s",
        ].joined(separator: "\n")
    }

    private static func seconds(_ value: Double) -> String {
        String((max(0, value) * 10).rounded() / 10)
    }
}
