import ArgumentParser
import Foundation
import StepwiseLog

/// `stepwise site`: the workshop's site key, so a worker has one pseudonym at every station.
struct Site: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The site key: one worker pseudonym across the workshop's stations (init, join, show).",
        subcommands: [Init.self, Join.self, Show.self])

    struct KeyOption: ParsableArguments {
        @Option(help: "The site key file (stepwised's --site-key).")
        var key = SiteKeyFile.defaultPath
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new site key on the first station (never over an existing one).")

        @OptionGroup var key: KeyOption

        func run() throws {
            let made = SiteKey.generate()
            try Site.install(made, at: key.key)
            print("site key made: \(key.key)")
            print("fingerprint: \(made.fingerprint)")
            print("copy it to every other station and run `stepwise site join FILE` there; the fingerprints must match")
        }
    }

    struct Join: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install a site key made on another station (before workers sign in here).")

        @Argument(help: "The key file copied from a station of the site (mode 0600 or 0400).")
        var from: String
        @OptionGroup var key: KeyOption

        func run() throws {
            let joining = try Site.read(from)
            if let installed = try? SiteKeyFile.read(path: key.key), installed == joining {
                print("already joined: \(key.key)")
            } else {
                try Site.install(joining, at: key.key)
                print("site key installed: \(key.key)")
            }
            print("fingerprint: \(joining.fingerprint)")
            print("restart stepwised to use it")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the site key's fingerprint, to compare between stations (never the key).")

        @OptionGroup var key: KeyOption

        func run() throws {
            let shown = try Site.read(key.key)
            print("site key: \(key.key)")
            print("fingerprint: \(shown.fingerprint)")
        }
    }

    static func read(_ path: String) throws -> SiteKey {
        do { return try SiteKeyFile.read(path: path) } catch { throw CommandSupport.fail("\(error)") }
    }

    /// Root installs the key for the daemon's user when there is one (`stepwised` runs as
    /// `stepwise` and must read it); anyone else keeps the file as their own.
    static func install(_ key: SiteKey, at path: String) throws {
        do { try SiteKeyFile.install(key, at: path, owner: serviceOwner()) } catch {
            throw CommandSupport.fail("\(error)")
        }
    }

    private static func serviceOwner() -> SiteKeyFile.Owner? {
        guard geteuid() == 0, let entry = getpwnam("stepwise") else { return nil }
        return SiteKeyFile.Owner(user: entry.pointee.pw_uid, group: entry.pointee.pw_gid)
    }
}
