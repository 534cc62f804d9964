import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing
@testable import StepwiseFormats

/// Bounded mutation fuzzing of the instruction-set and cell loaders, seeded with the shipped files and
/// the inputs that once hung or misled them. Every input must load or fail with located diagnostics.
@Suite struct FormatFuzzTests {
    static func shipped(_ folder: String) -> [(path: String, bytes: [UInt8])] {
        let directory = Fixture.path(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { name in
            let path = directory + "/" + name
            return FileManager.default.contents(atPath: path).map { (path, [UInt8]($0)) }
        }
    }

    /// Inputs that hung, crashed or were misread before: alias keys behind CR-only line ends and
    /// U+2028, an anchor on the document start line, Windows files, deep nesting.
    static let knownBad: [[UInt8]] = {
        let set = LineEndTests.minimalSet
        let texts = [
            LineEndTests.aliasKeyBomb(depth: 6, lineEnd: "\r"),
            LineEndTests.aliasKeyBomb(depth: 7, lineEnd: "\u{2028}"),
            "--- &top\n" + set, "\u{FEFF}" + set, "\u{FEFF}" + set.replacingOccurrences(of: "\n", with: "\r\n"),
            set.replacingOccurrences(of: "\n", with: "\r"), "steps: " + String(repeating: "[", count: 300),
            "a:\r" + (1...100).map { String(repeating: " ", count: $0) + "b:" }.joined(separator: "\r"),
        ]
        return texts.map { Array($0.utf8) }
    }()

    /// Loads `bytes` as if read from `file`, the way `validate` does, and checks the outcome.
    static func check(_ bytes: [UInt8], as file: String) {
        let result = SourceText.checked(bytes: Data(bytes), file: file).flatMap { source in
            YAMLDocument.compose(source).flatMap { root -> Result<Void, DiagnosticList> in
                FormatDocument.kind(of: root) == .cell
                    ? CellFile.read(source, root).map { _ in () }
                    : InstructionSetFile.read(source, root).map { _ in () }
            }
        }
        guard case .failure(let list) = result else { return }
        let lines =
            1
            + bytes.indices.filter { bytes[$0] == 0x0D || (bytes[$0] == 0x0A && ($0 == 0 || bytes[$0 - 1] != 0x0D)) }
            .count
        #expect(
            list.hasErrors,
            "a failure without an error for \(String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription)")
        for diagnostic in list.diagnostics {
            let located = diagnostic.file == file && diagnostic.line <= lines + 1 && !diagnostic.message.isEmpty
            #expect(
                located,
                "unlocated: \(diagnostic) for \(String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription)")
        }
    }

    @Test func instructionSetLoaderLoadsOrLocatesEveryMutation() {
        let seeds = Self.shipped("WorkInstructions")
        #expect(seeds.count >= 2)
        let file = seeds.first?.path ?? Fixture.path("WorkInstructions/x.yaml")
        let ran = fuzz(seeds: seeds.map(\.bytes) + Self.knownBad, iterations: 4000, seed: 13, budget: .seconds(8)) {
            bytes in
            Self.check(bytes, as: file)
        }
        #expect(ran > seeds.count + Self.knownBad.count)
    }

    @Test func cellLoaderLoadsOrLocatesEveryMutation() {
        let seeds = Self.shipped("Devices")
        #expect(seeds.count >= 2)
        let file = seeds.first?.path ?? Fixture.path("Devices/x.yaml")
        let ran = fuzz(seeds: seeds.map(\.bytes) + Self.knownBad, iterations: 4000, seed: 19, budget: .seconds(8)) {
            bytes in
            Self.check(bytes, as: file)
        }
        #expect(ran > seeds.count + Self.knownBad.count)
    }
}
