import Foundation
import StepwiseLog
import StepwiseTestSupport
import Testing

/// `stepwise site` as an engineer runs it on the first station and on each one after.
@Suite struct SiteCommandTests {
    static func site(_ arguments: [String]) throws -> CommandLineTests.Output {
        try CommandLineTests.stepwise(["site"] + arguments)
    }

    static func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    /// The fingerprint line's value.
    static func fingerprint(_ output: CommandLineTests.Output) -> String? {
        output.stdout.split(separator: "\n").first { $0.hasPrefix("fingerprint: ") }.map { String($0.dropFirst(13)) }
    }

    @Test func initMakesAPrivateKeyAndShowPrintsItsFingerprint() throws {
        let key = try Repository.scratch().appendingPathComponent("site.key").path
        let made = try Self.site(["init", "--key", key])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try Self.mode(key) == 0o600)
        let fingerprint = try #require(Self.fingerprint(made))
        #expect(fingerprint == (try SiteKeyFile.read(path: key)).fingerprint)
        let shown = try Self.site(["show", "--key", key])
        #expect(shown.status == 0)
        #expect(Self.fingerprint(shown) == fingerprint)
        #expect(shown.stdout.contains(key))
        let text = try String(contentsOfFile: key, encoding: .utf8)
        #expect(!(made.stdout + shown.stdout).contains(text.split(separator: "\n")[1]), "the key is never printed")
    }

    @Test func initRefusesToOverwriteAKey() throws {
        let key = try Repository.scratch().appendingPathComponent("site.key").path
        #expect(try Self.site(["init", "--key", key]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: key))
        let again = try Self.site(["init", "--key", key])
        #expect(again.status == 1)
        #expect(again.stderr.contains("\(key): a site key is already here; expected no file"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: key)) == before)
    }

    @Test func joinInstallsAPrivateCopyWithTheSameFingerprint() throws {
        let dir = try Repository.scratch()
        let first = dir.appendingPathComponent("first.key").path
        let made = try Self.site(["init", "--key", first])
        // As carried to the next station: read-only for its owner.
        #expect(chmod(first, 0o400) == 0)
        let joined = dir.appendingPathComponent("station-2.key").path
        let join = try Self.site(["join", first, "--key", joined])
        #expect(join.status == 0, "\(join.stderr)")
        #expect(try Self.mode(joined) == 0o600)
        #expect(Self.fingerprint(join) == Self.fingerprint(made))
        #expect(try SiteKeyFile.read(path: joined) == SiteKeyFile.read(path: first))
        let again = try Self.site(["join", first, "--key", joined])
        #expect(again.status == 0 && again.stdout.contains("already joined"), "the same key again is no change")
    }

    @Test func joinRefusesAKeyOthersCouldReadAndAnotherSitesKey() throws {
        let dir = try Repository.scratch()
        let open = dir.appendingPathComponent("open.key").path
        #expect(try Self.site(["init", "--key", open]).status == 0)
        #expect(chmod(open, 0o644) == 0)
        let joined = dir.appendingPathComponent("station.key").path
        let refused = try Self.site(["join", open, "--key", joined])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(open): mode 0644"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: joined))
        let other = dir.appendingPathComponent("other.key").path
        #expect(try Self.site(["init", "--key", other]).status == 0)
        #expect(try Self.site(["init", "--key", joined]).status == 0)
        let twoSites = try Self.site(["join", other, "--key", joined])
        #expect(twoSites.status == 1 && twoSites.stderr.contains("already here"), "\(twoSites.stderr)")
    }

    @Test func showWithoutAKeySaysHowToMakeOne() throws {
        let key = try Repository.scratch().appendingPathComponent("site.key").path
        let shown = try Self.site(["show", "--key", key])
        #expect(shown.status == 1)
        #expect(shown.stderr.contains("\(key): no site key here; expected one made by `stepwise site init`"))
    }
}
