import Foundation
import StepwiseCore
import Testing
@testable import StepwiseFormats

/// One test per class of bad input: each must give a located error, never a crash or a hang.
@Suite struct BadInputTests {
    @Test func yamlSyntaxErrorIsLocated() {
        let list = setErrors("invalid/syntax-error.yaml")
        #expect(list.count == 1)
        #expect(list.first?.message.hasPrefix("YAML syntax error") == true)
        #expect(list.first?.line == 4)
    }

    @Test func wrongTypeNamesWhatWasFound() {
        let d = find(setErrors("invalid/wrong-type.yaml"), 7, 21, "target-seconds must be a number", "the text 'fast'")
        #expect(d != nil)
    }

    @Test func unknownKeySuggestsTheKnownOne() {
        let list = setErrors("invalid/unknown-key.yaml")
        let d = find(list, 7, 5, "unknown key 'target-secnds' in step")
        #expect(d?.suggestion == "target-seconds")
        #expect(d?.formatted.hasSuffix("(did you mean 'target-seconds'?)") == true)
        #expect(find(list, 5, 5, "missing the required key 'target-seconds'") != nil)
    }

    @Test func missingRequiredKeyPointsAtTheMapping() {
        #expect(
            find(setErrors("invalid/missing-key.yaml"), 5, 5, "step is missing the required key 'done-when'") != nil)
    }

    @Test func duplicateKeyPointsAtTheSecondOne() {
        let d = find(setErrors("invalid/duplicate-key.yaml"), 9, 5, "duplicate key 'target-seconds'", "first at line 7")
        #expect(d != nil)
    }

    @Test func duplicateStepIdIsReported() {
        #expect(
            find(setErrors("invalid/duplicate-id.yaml"), 7, 10, "duplicate step id 'same'", "first at line 5") != nil)
    }

    @Test func unknownVariantSuggestsTheDeclaredOne() {
        let d = find(setErrors("invalid/unknown-variant.yaml"), 11, 16, "unknown variant '60x'")
        #expect(d?.suggestion == "60w")
    }

    @Test func absurdNumbersAreOutOfRange() {
        let list = setErrors("invalid/absurd-sizes.yaml")
        #expect(find(list, 5, 50, "target-seconds is 0, out of range", "more than 0") != nil)
        #expect(find(list, 6, 54, "target-seconds is 5000", "at most 3600") != nil)
        #expect(find(list, 7, 86, "count is 100000, out of range") != nil)
    }

    @Test func anchorsAreRejectedBeforeParsing() {
        #expect(find(setErrors("invalid/anchors.yaml"), 3, 8, "anchors and aliases") != nil)
    }

    @Test func aliasBombReturnsAnError() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...30 {
            text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "? *a30\n: boom\n"
        let path = Fixture.write(text, "bomb.yaml", in: Fixture.scratch())
        let list = diagnostics(InstructionSetFile.load(path: path))
        #expect(find(list, 1, 5, "anchors and aliases") != nil)
    }

    @Test func deepNestingIsRejected() {
        #expect(
            setErrors("invalid/deep-nesting.yaml").contains {
                $0.message.contains("nesting is too deep") && $0.line == 4
            })
    }

    @Test func deepBlockNestingIsRejected() {
        let text = "steps:\n" + (1...150).map { String(repeating: " ", count: $0 * 2) + "- k:" }.joined(separator: "\n")
        let path = Fixture.write(text, "deep.yaml", in: Fixture.scratch())
        #expect(
            diagnostics(InstructionSetFile.load(path: path)).contains { $0.message.contains("nesting is too deep") })
    }

    @Test func nonUTF8ByteIsLocatedByLineAndColumn() throws {
        var bytes = Data("id: x\nversion: \"1\"\ntitle: {en: Caf".utf8)
        bytes.append(0xE9)  // Latin-1 é
        bytes.append(contentsOf: Data("}\n".utf8))
        let url = Fixture.scratch().appendingPathComponent("latin1.yaml")
        try bytes.write(to: url)
        let list = diagnostics(InstructionSetFile.load(path: url.path))
        let d = find(list, 3, 16, "invalid UTF-8 byte 0xE9 at byte offset 34", "expected UTF-8 text")
        #expect(d != nil, "\(list)")
    }

    @Test func fileLargerThanOneMebibyteIsRefused() {
        let text = "# " + String(repeating: "x", count: Limits.fileBytes) + "\n"
        let path = Fixture.write(text, "huge.yaml", in: Fixture.scratch())
        #expect(find(diagnostics(InstructionSetFile.load(path: path)), 1, 1, "larger than 1024 KiB") != nil)
    }

    @Test func moreThanFiveHundredStepsIsRefused() {
        var text = "id: many\nversion: \"1\"\ntitle: {en: Many}\nsteps:\n"
        for i in 0...Limits.steps { text += "  - {id: s\(i), text: {en: S}, target-seconds: 1, done-when: p}\n" }
        let path = Fixture.write(text, "many.yaml", in: Fixture.scratch())
        #expect(diagnostics(InstructionSetFile.load(path: path)).contains { $0.message.contains("has 501 items") })
    }

    @Test func conditionMixAndMisspeltKindAreReported() {
        let list = setErrors("invalid/bad-condition.yaml")
        #expect(find(list, 8, 16, "done-when mixes input and any-of", "exactly one of input, any-of, all-of") != nil)
        #expect(find(list, 14, 35, "unknown wrong-action kind 'wrong-pik'")?.suggestion == "wrong-pick")
    }

    @Test func unquotedNumbersAreNotText() {
        let list = setErrors("invalid/unquoted-version.yaml")
        #expect(
            find(list, 2, 10, "version must be text, found the number 2.10", "put numbers and yes/no in quotes") != nil)
        #expect(find(list, 3, 33, "'no' is not a language code") == nil)  // quoted "no" is Norwegian, fine
    }

    @Test func emptyAndMissingFilesAreErrors() {
        let folder = Fixture.scratch()
        let empty = Fixture.write("# nothing\n", "empty.yaml", in: folder)
        #expect(find(diagnostics(InstructionSetFile.load(path: empty)), 1, 1, "file is empty") != nil)
        let report = Validation.validate(paths: [folder.appendingPathComponent("absent").path])
        #expect(report.hasErrors && report.diagnostics.first?.message == "no such file or directory")
    }

    @Test func aSetIsNotACell() {
        let d = cellErrors("valid/minimal-set.yaml").first
        #expect(d?.message == "this file is an instruction set")
    }

    @Test func missingPictureIsADanglingReference() {
        let folder = Fixture.scratch()
        Fixture.writePNG("pictures/here.png", in: folder)
        let path = Fixture.write(
            """
            id: pics
            version: "1"
            title: {en: Pictures}
            steps:
              - {id: a, text: {en: A}, target-seconds: 1, done-when: p, picture: pictures/here.png}
              - {id: b, text: {en: B}, target-seconds: 1, done-when: p, picture: pictures/gone.png}
              - {id: c, text: {en: C}, target-seconds: 1, done-when: p, picture: pictures/here.jpg}
            """, "pics.yaml", in: folder)
        let list = diagnostics(InstructionSetFile.load(path: path))
        #expect(find(list, 6, 70, "picture 'pictures/gone.png' does not exist") != nil)
        #expect(find(list, 7, 70, "is not a PNG") != nil)
        #expect(list.filter(\.isError).count == 2)
    }
}
