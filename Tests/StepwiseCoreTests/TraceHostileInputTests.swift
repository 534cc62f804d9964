import Testing
@testable import StepwiseCore

/// The trace parser on line ends, sizes, huge times and names the station does not know.
@Suite struct TraceHostileInputTests {
    static let text = "# a shift\n0 badge 7\n\n1 scan V4   # the four-screw bracket\n2 bin-a.pick\n3 bin-a.pick fall\n"
    static let vocabulary = TraceVocabulary(cell: Fixture.cell, instructionSets: [Fixture.bracket(), Fixture.simple])

    func error(_ text: String) -> TraceError? {
        do {
            _ = try Trace(parsing: text, file: "t.trace", vocabulary: Self.vocabulary)
            return nil
        } catch { return error }
    }

    @Test func everyLineEndAndAByteOrderMarkGiveTheSameEntries() throws {
        let lf = try Trace(parsing: Self.text)
        #expect(lf.entries.map(\.line) == [2, 4, 5, 6])
        for text in [
            Self.text.replacingOccurrences(of: "\n", with: "\r"),
            Self.text.replacingOccurrences(of: "\n", with: "\r\n"),
            "\u{FEFF}" + Self.text.replacingOccurrences(of: "\n", with: "\r\n"),
            "\u{FEFF}" + Self.text,
        ] {
            #expect(try Trace(parsing: text) == lf, "\(Array(text.utf8.prefix(12)))")
        }
    }

    @Test func mixedLineEndsCountLinesAsAnEditorDoes() {
        // LF, CR, CRLF, then an error on line 4.
        let e = error("0 badge 7\n1 scan V4\r2 bin-a.pick\r\n3 nope\n")
        #expect(e?.line == 4 && e?.column == 3, "\(String(describing: e))")
    }

    @Test func blankLinesCostNothingButTheirNumber() throws {
        let trace = try Trace(parsing: "0 badge 7" + String(repeating: "\n", count: 100_000) + "1 logout")
        #expect(trace.entries.map(\.line) == [1, 100_001])
    }

    @Test func timesBeyondTheMaximumAreLocated() {
        let e = error("0 badge 7\n18500000000 logout")
        #expect(
            e
                == TraceError(
                    file: "t.trace", line: 2, column: 1,
                    message: "time 18500000000 is too large; expected at most 1000000000 seconds"))
        #expect(error("0 badge 7\n1e308 logout")?.line == 2)
        #expect(error("0 badge 7\ninf logout")?.message.contains("is not a time") == true)
        #expect(error("0 badge 7\n1000000000 logout") == nil, "the maximum itself is allowed")
    }

    @Test func namesTheStationDoesNotKnowAreLocatedErrors() {
        #expect(
            error("0 badge 7\n1 bin-z.pick")?.description.hasPrefix(
                "t.trace:2:3: error: unknown input 'bin-z.pick'; expected an input of the cell (") == true)
        #expect(error("0 badge 7\n1 bin-z.pick fall")?.column == 3, "a falling edge of an unknown input too")
        #expect(
            error("0 badge 7\n1 scan V5")?.description
                == "t.trace:2:8: error: unknown code 'V5'; expected a variant code or a set id (V4, V6, bracket, four, simple, six)"
        )
        #expect(
            error("0 badge 7\n1 select toaster")?.description
                == "t.trace:2:10: error: unknown instruction set 'toaster'; expected one the cell runs (bracket, simple)"
        )
        #expect(
            error("0 badge 7\n1 select bracket eight")?.description
                == "t.trace:2:18: error: set 'bracket' has no variant 'eight'; expected a variant of it (four, six)")
        #expect(error("0 badge 7\n1 select simple four")?.message.contains("it has no variants") == true)
    }

    @Test func whatTheStationKnowsPasses() {
        #expect(
            error(
                "0 badge anyone\n1 scan V6\n2 scan bracket\n3 scan four\n4 select simple\n5 select bracket six\n6 help.button\n7 confirm.button fall\n8 fault any-device sensor gone\n9 fault-cleared other\n10 logout"
            ) == nil)
    }

    @Test func withoutAVocabularyOnlyTheSyntaxIsChecked() throws {
        #expect(try Trace(parsing: "0 bin-z.pick\n1 select toaster").entries.count == 2)
    }
}
