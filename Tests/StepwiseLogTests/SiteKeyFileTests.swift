import Foundation
import StepwiseTestSupport
import Testing

@testable import StepwiseLog

/// The key file read hostile-until-checked and written privately, never over another key.
@Suite struct SiteKeyFileTests {
    static let hex = String(repeating: "0123456789abcdef", count: 4)
    static let good = "\(SiteKeyText.header)\n\(hex)\n"

    /// `text` at a new path in `scratch` with `mode`.
    static func file(_ text: [UInt8], mode: mode_t = 0o600, in scratch: Scratch) throws -> String {
        let path = scratch.path("site-\(UUID().uuidString).key")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text)))
        #expect(chmod(path, mode) == 0)
        return path
    }

    static func problem(_ text: String, mode: mode_t = 0o600) throws -> SiteKeyProblem? {
        let scratch = try Scratch()
        return problem(at: try file(Array(text.utf8), mode: mode, in: scratch))
    }

    static func problem(at path: String) -> SiteKeyProblem? {
        do {
            _ = try SiteKeyFile.read(path: path)
            return nil
        } catch {
            #expect(error.description.hasPrefix("\(path): "), "\(error)")
            #expect(error.description.contains("; expected "), "\(error)")
            return error.problem
        }
    }

    @Test func aPrivateFileIsRead() throws {
        #expect(try Self.problem(Self.good) == nil)
        #expect(try Self.problem(Self.good, mode: 0o400) == nil)
        #expect(
            try Self.problem(
                Self.good.uppercased().replacingOccurrences(of: "STEPWISE-SITE-KEY", with: "stepwise-site-key")) == nil)
    }

    @Test func aFileOthersCanReadIsRefused() throws {
        #expect(try Self.problem(Self.good, mode: 0o644) == .openToOthers(mode: 0o644))
        #expect(try Self.problem(Self.good, mode: 0o640) == .openToOthers(mode: 0o640))
        #expect(try Self.problem(Self.good, mode: 0o604) == .openToOthers(mode: 0o604))
        #expect(try Self.problem(Self.good, mode: 0o700) == .openToOthers(mode: 0o700))
    }

    @Test func lineEndsAndABOMFromOtherMachinesAreAccepted() throws {
        for text in [
            "\(SiteKeyText.header)\r\n\(Self.hex)\r\n", "\(SiteKeyText.header)\r\(Self.hex)\r",
            "\u{FEFF}\(Self.good)", "\(SiteKeyText.header)\n\(Self.hex)",
        ] {
            #expect(try Self.problem(text) == nil, "\(text.debugDescription)")
        }
    }

    @Test func textThatIsNotExactlyAKeyIsRefused() throws {
        #expect(try Self.problem("\(SiteKeyText.header)\n\(Self.hex.dropLast(2))\n") == .keyLength(62))
        #expect(try Self.problem("\(SiteKeyText.header)\n\(Self.hex)00\n") == .keyLength(66))
        #expect(try Self.problem("\(SiteKeyText.header)\n\(Self.hex.dropLast())g\n") == .notHex)
        #expect(try Self.problem("\(SiteKeyText.header)\n\(Self.hex.dropLast(2)) 0\n") == .notHex)
        #expect(try Self.problem("\(Self.hex)\n") == .noHeader)
        #expect(try Self.problem("") == .noHeader)
        #expect(try Self.problem("stepwise-site-key 2\n\(Self.hex)\n") == .unknownVersion)
        #expect(try Self.problem("\(SiteKeyText.header)\n") == .lineCount(1))
        #expect(try Self.problem("\(Self.good)\n") == .lineCount(3))
        #expect(try Self.problem("\(Self.good)\(Self.hex)\n") == .lineCount(3))
    }

    @Test func anOversizeFileIsRefusedBeforeItIsParsed() throws {
        let huge = Self.good + String(repeating: "#", count: SiteKeyText.maximumSize)
        #expect(try Self.problem(huge) == .tooLarge(limit: SiteKeyText.maximumSize))
        #expect(throws: SiteKeyProblem.tooLarge(limit: SiteKeyText.maximumSize)) {
            try SiteKeyText.parse(Array(huge.utf8))
        }
    }

    @Test func aFIFOAFolderALinkAndNothingAreRefused() throws {
        let scratch = try Scratch()
        let fifo = scratch.path("fifo.key")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(Self.problem(at: fifo) == .notAFile(kind: "FIFO (named pipe)"), "no writer: it would block")
        let folder = scratch.path("folder.key")
        #expect(mkdir(folder, 0o700) == 0)
        #expect(Self.problem(at: folder) == .notAFile(kind: "folder"))
        let link = scratch.path("link.key")
        #expect(symlink(try Self.file(Array(Self.good.utf8), in: scratch), link) == 0)
        #expect(Self.problem(at: link) == .notAFile(kind: "symbolic link"))
        #expect(Self.problem(at: scratch.path("none.key")) == .missing)
        #expect(NewBadgePseudonyms.atStart(keyPath: scratch.path("none.key")).isDrawn, "no file: as before")
        #expect(NewBadgePseudonyms.atStart(keyPath: folder).isRefused, "a refused file is never ignored")
    }

    @Test func installWritesAPrivateFileAndNeverOverwrites() throws {
        let scratch = try Scratch()
        let path = scratch.path("site.key")
        let first = SiteKey.generate()
        try SiteKeyFile.install(first, at: path, owner: nil)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try SiteKeyFile.read(path: path) == first)
        #expect(throws: SiteKeyError(path: path, problem: .exists)) {
            try SiteKeyFile.install(SiteKey.generate(), at: path, owner: nil)
        }
        #expect(try SiteKeyFile.read(path: path) == first, "the first key stays")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["site.key"], "no temp file left")
    }

    @Test func installUnderATightUmaskStillGivesMode0600() throws {
        let scratch = try Scratch()
        let path = scratch.path("site.key")
        let before = umask(0o377)
        defer { umask(before) }
        try SiteKeyFile.install(SiteKey.generate(), at: path, owner: nil)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
    }

    @Test func installIntoAMissingFolderSaysSo() throws {
        let scratch = try Scratch()
        let path = scratch.path("missing/site.key")
        let error = #expect(throws: SiteKeyError.self) {
            try SiteKeyFile.install(SiteKey.generate(), at: path, owner: nil)
        }
        #expect(error?.description.hasPrefix("\(path): cannot be written") == true, "\(String(describing: error))")
    }

    /// Mutated key files, in the same bounded way as the other formats: each is read or refused
    /// with a problem, never a trap; a read one round-trips.
    @Test func mutatedKeyFilesAreReadOrRefused() throws {
        var read = 0, refused = 0
        let seeds = [
            Self.good, "\u{FEFF}\(SiteKeyText.header)\r\n\(Self.hex)\r\n", "\(SiteKeyText.header)\r\(Self.hex)",
        ]
        let ran = fuzz(seeds: seeds.map { Array($0.utf8) }, iterations: 20_000, seed: 29, budget: .seconds(5)) {
            bytes in
            do throws(SiteKeyProblem) {
                let key = try SiteKeyText.parse(bytes)
                #expect((try? SiteKeyText.parse(Array(key.text.utf8))) == key)
                read += 1
            } catch {
                #expect(error.description.contains("; expected "), "\(error)")
                refused += 1
            }
        }
        #expect(ran > 200 && read > 0 && refused > 0, "ran \(ran): \(read) read, \(refused) refused")
    }
}

extension NewBadgePseudonyms {
    var isDrawn: Bool { if case .drawn = self { true } else { false } }
    var isRefused: Bool { if case .refused = self { true } else { false } }
}
