import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseFormats
import StepwiseLog
import StepwiseWorkshop

/// `stepwise publish`: one instruction set, validated, stored centrally as a new version.
struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate an instruction set and publish it to every station as a new version.",
        discussion: """
            The version is the set's own version: field; a version already published with other content is \
            refused. Stations that follow the latest install it between cycles at their uplink's next contact. \
            Publishing an older version again makes it the latest (a rollback).
            """)

    @Argument(help: "The instruction set's YAML file (pictures relative to it, in its folder).")
    var file: String
    @OptionGroup var server: CentralServerOptions
    @Option(help: "Why this version: shown by `stepwise versions`.")
    var note: String = ""
    @Option(help: "A cell file that runs the set, to validate against (repeatable).")
    var cell: [String] = []
    @Option(help: "Who publishes (default: the user running the command).")
    var author: String = ProcessInfo.processInfo.userName

    func run() throws {
        let bundle: InstructionBundle
        switch InstructionBundle.read(path: file, cells: cell) {
        case .success(let read): bundle = read
        case .failure(let problems): throw CommandSupport.fail("not published:\n\(problems.formatted())")
        }
        let address = try server.address()
        let outcome: PublishOutcome
        do {
            outcome = try PostgresWorkshop(address).publish(bundle, author: author, note: note)
        } catch {
            throw CommandSupport.fail("\(error)")
        }
        let name = "\(bundle.id) \(bundle.version)"
        switch outcome {
        case .published:
            print("published \(name) (sha256 \(bundle.contentHash.prefix(12)), \(bundle.pictures.count) pictures)")
        case .madeLatestAgain: print("\(name) was published before with this content; it is the latest again")
        case .alreadyLatest: print("\(name) is already the latest, with this content; nothing changed")
        }
    }
}

/// `stepwise versions`: the published versions of one set.
struct Versions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the published versions of an instruction set, the latest first, with their notes.")

    @Argument(help: "The instruction set's id.")
    var set: String
    @OptionGroup var server: CentralServerOptions

    func run() throws {
        let address = try server.address()
        let versions: [PublishedVersion]
        do {
            versions = try PostgresWorkshop(address).versions(of: InstructionSetID(set))
        } catch {
            throw CommandSupport.fail("\(error)")
        }
        guard !versions.isEmpty else { throw CommandSupport.fail("no published version of \(set)") }
        CommandSupport.printStored(VersionsText.lines(versions))
    }
}

/// The versions as a table a person reads: version, time, author, hash, pictures, note.
enum VersionsText {
    static func lines(_ versions: [PublishedVersion]) -> String {
        versions.map { version in
            [
                (version.isLatest ? "* " : "  ") + version.version, RecordFormat.isoTime(version.publishedAt),
                version.author, "sha256:" + version.contentHash.prefix(12), "\(version.pictures) pictures",
                version.note,
            ].joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
