import Foundation
import StepwiseCore
import Testing
@testable import StepwiseFormats

/// Line ends and byte-order marks from every kind of editor, and the anchor rule whatever the line ends.
@Suite struct LineEndTests {
    static let minimalSet =
        "id: le\nversion: \"1\"\ntitle: {en: Line ends}\nsteps:\n  - {id: a, text: {en: A}, target-seconds: 1, done-when: p}\n"

    /// Aliases used as mapping keys, `depth` levels deep, after a leading comment: the composer hashes
    /// such keys recursively, in time exponential in the depth.
    static func aliasKeyBomb(depth: Int, lineEnd: String) -> String {
        var lines = ["# a comment first", "a0: &a0 {x: 1, y: 2}"]
        for level in 1...depth {
            let keys = (0..<8).map { "? [*a\(level - 1), \($0)] : \($0)" }.joined(separator: ", ")
            lines.append("a\(level): &a\(level) {\(keys)}")
        }
        lines.append("? *a\(depth)")
        lines.append(": boom")
        return lines.joined(separator: lineEnd) + lineEnd
    }

    static func load(_ text: String, _ name: String = "set.yaml") -> Result<InstructionSet, DiagnosticList> {
        InstructionSetFile.load(path: Fixture.write(text, name, in: Fixture.scratch()))
    }

    @Test(arguments: ["\r", "\u{2028}", "\u{2029}", "\u{0085}", "\r\n", "\n"])
    func craftedAliasBombIsRefusedWhateverTheLineEnds(lineEnd: String) {
        let list = diagnostics(Self.load(Self.aliasKeyBomb(depth: 7, lineEnd: lineEnd)))
        #expect(list.count == 1, "\(list)")
        let error = list.first
        if LineEnds.unusual[lineEnd.unicodeScalars.first!] != nil {
            // Editors show these files as one line; the first unusual break is named where it is.
            #expect(error?.message.hasPrefix("unusual line break U+") == true, "\(list)")
            #expect(error?.line == 1 && error?.column == 18, "\(list)")
        } else {
            #expect(error?.message.contains("anchors and aliases") == true, "\(list)")
            #expect(error?.line == 2 && error?.column == 5, "\(list)")
        }
    }

    @Test func anchorOnTheDocumentStartLineIsRefused() {
        let list = diagnostics(Self.load("--- &top\n" + Self.minimalSet))
        #expect(find(list, 1, 5, "anchors and aliases") != nil, "\(list)")
        let later = diagnostics(Self.load("%YAML 1.1\n--- !!map &top\n" + Self.minimalSet))
        #expect(find(later, 2, 11, "anchors and aliases") != nil, "\(later)")
    }

    @Test(arguments: [("\u{FEFF}", "\n"), ("\u{FEFF}", "\r\n"), ("", "\r\n"), ("", "\r"), ("\u{FEFF}", "\r")])
    func windowsAndOldMacFilesLoad(bom: String, lineEnd: String) throws {
        let text = bom + Self.minimalSet.replacingOccurrences(of: "\n", with: lineEnd)
        let set = try Self.load(text).get()
        #expect(set.id == InstructionSetID("le") && set.allSteps.count == 1)
        #expect(set.title.text(for: "en") == "Line ends")
    }

    @Test func mixedLineEndsLoadAndErrorsKeepTheEditorsPosition() {
        // Line 1 LF, line 2 CRLF, line 3 CR, line 4 LF: the bad value is on editor line 5, column 44.
        let text =
            "\u{FEFF}id: le\nversion: \"1\"\r\ntitle: {en: Mixed}\rsteps:\n  - {id: a, text: {en: A}, target-seconds: fast, done-when: p}\r\n"
        let list = diagnostics(Self.load(text))
        #expect(find(list, 5, 44, "target-seconds must be a number") != nil, "\(list)")
    }

    @Test func syntaxErrorInACROnlyFileIsOnTheEditorsLine() {
        let text = "id: le\rversion: \"1\"\rtitle: {en: X\rsteps: []\r"
        let list = diagnostics(Self.load(text))
        #expect(list.count == 1 && list.first?.message.hasPrefix("YAML syntax error") == true, "\(list)")
        #expect((list.first?.line ?? 0) >= 3, "\(list)")
    }

    @Test func byteOrderMarkIsNotAColumn() {
        let list = diagnostics(Self.load("\u{FEFF}id: le\nversion: 2\ntitle: {en: X}\nsteps: []\n"))
        #expect(find(list, 2, 10, "version must be text") != nil, "\(list)")
        let first = diagnostics(Self.load("\u{FEFF}idd: le\n"))
        #expect(find(first, 1, 1, "unknown key 'idd'") != nil, "\(first)")
    }

    @Test func invalidUTF8InACROnlyFileIsOnTheEditorsLine() throws {
        var bytes = Data("id: x\rversion: \"1\"\r\ntitle: {en: Caf".utf8)
        bytes.append(0xE9)
        let url = Fixture.scratch().appendingPathComponent("latin1.yaml")
        try bytes.write(to: url)
        #expect(find(diagnostics(InstructionSetFile.load(path: url.path)), 3, 16, "invalid UTF-8 byte 0xE9") != nil)
    }

    @Test func unusualLineBreakIsLocated() {
        let list = diagnostics(Self.load("id: le\nversion: \"1\"\ntitle: {en: A\u{2028}B}\n"))
        #expect(
            find(list, 3, 14, "unusual line break U+2028 (LINE SEPARATOR)", "expected ordinary line ends") != nil,
            "\(list)")
    }

    @Test func normalizationTurnsEveryLineEndIntoLF() throws {
        #expect(try LineEnds.normalize("\u{FEFF}a\r\nb\rc\nd\r\r\ne").get() == "a\nb\nc\nd\n\ne")
        #expect(try LineEnds.normalize("\u{FEFF}\u{FEFF}a").get() == "\u{FEFF}a")  // only one leading BOM is a mark
        #expect(LineEnds.position(ofByte: 8, in: Array("\u{FEFF}a\r\nb\rc".utf8)) == (3, 1))
    }

    @Test func populationStyleTextComposesThroughTheSameDoor() {
        let bomb = Self.aliasKeyBomb(depth: 7, lineEnd: "\r")
        let result = YAMLDocument.compose(text: bomb, file: "/tmp/population.yaml")
        #expect(find(diagnostics(result), 2, 5, "anchors and aliases") != nil)
        if case .success(let node) = YAMLDocument.compose(
            text: "\u{FEFF}name: x\r\nworkers: []\r\n", file: "/tmp/p.yaml")
        {
            #expect(node["name"]?.string == "x")
        } else {
            Issue.record("a BOM + CRLF population text did not compose")
        }
    }

    @Test func fileOverTheSizeBudgetIsRefusedWithoutParsing() {
        let text = "# " + String(repeating: "[", count: Limits.fileBytes) + "\r"
        #expect(find(diagnostics(Self.load(text)), 1, 1, "file is larger than 1024 KiB") != nil)
    }
}
