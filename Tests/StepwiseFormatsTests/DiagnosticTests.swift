import Foundation
import Testing
@testable import StepwiseFormats

@Suite struct DiagnosticTests {
    @Test func formatsGccStyle() {
        let d = Diagnostic(
            file: "/w/a.yaml", line: 3, column: 7, message: "unknown key 'txt' in step", expected: "one of id, text",
            suggestion: "text")
        #expect(
            d.formatted
                == "/w/a.yaml:3:7: error: unknown key 'txt' in step; expected one of id, text (did you mean 'text'?)")
        let w = Diagnostic(file: "b.yaml", line: 1, column: 1, severity: .warning, message: "unused")
        #expect(w.formatted == "b.yaml:1:1: warning: unused")
    }

    @Test func editDistanceCountsSwapsAsOne() {
        #expect(Suggestion.editDistance("target-secnds", "target-seconds") == 1)
        #expect(Suggestion.editDistance("tetx", "text") == 1)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
    }

    @Test func suggestionsOnlyForCloseNames() {
        #expect(Suggestion.closest(to: "done-wen", among: FormatKeys.step.known) == "done-when")
        #expect(Suggestion.closest(to: "weight", among: FormatKeys.step.known) == nil)
        #expect(Suggestion.closest(to: "ab", among: ["xy"]) == nil)
    }

    @Test func contentHashIsSHA256OfTheBytes() throws {
        let text = try String(contentsOfFile: Fixture.formats("valid/minimal-set.yaml"), encoding: .utf8)
        let path = Fixture.write(text + "# changed\n", "hash.yaml", in: Fixture.scratch())
        let original = try InstructionSetFile.load(path: Fixture.formats("valid/minimal-set.yaml")).get()
        let changed = try InstructionSetFile.load(path: path).get()
        #expect(original.contentHash.count == 64 && original.contentHash != changed.contentHash)
        let tiny = Fixture.write(
            "id: h\nversion: \"1\"\ntitle: {en: H}\nsteps: [{id: a, text: {en: A}, target-seconds: 1, done-when: p}]\n",
            "tiny.yaml", in: Fixture.scratch())
        #expect(
            try InstructionSetFile.load(path: tiny).get().contentHash
                == "\(Self.tinyHash)")
    }

    /// `sha256sum` of the tiny file above.
    static let tinyHash = "b661e49e71aca565c491f7acbe21eb2c6511c330fee089db1a9483cebfe5c73a"

    @Test func prescanSkipsQuotesCommentsAndBlockScalars() {
        let text = "a: \"&not\" # &comment\nb: |\n  &literal\n  * bullet\nc: 'it''s & fine'\n"
        #expect(Prescan.check(text) == nil)
        #expect(Prescan.check("a: [1, &x 2]\n") == Prescan.Finding(kind: .anchor, line: 1, column: 8))
    }
}
