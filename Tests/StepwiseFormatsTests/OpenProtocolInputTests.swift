import Foundation
import StepwiseCore
import Testing
@testable import StepwiseFormats

/// `open-protocol:` inputs: a torque controller's OK and NOK as inputs, or a located error.
@Suite struct OpenProtocolInputTests {
    static let okLine = "  - {id: torque.ok, simulated: {key: t}}"
    static let nokLine = "  - {id: torque.nok, simulated: {key: n}}"

    /// The demo cell with its two torque inputs wired to a controller instead of keys.
    func demoCell(ok: String, nok: String) throws -> String {
        let text = try String(contentsOfFile: Fixture.path("Devices/demo-cell.yaml"), encoding: .utf8)
        #expect(text.contains(Self.okLine) && text.contains(Self.nokLine), "the demo cell's torque lines changed")
        let wired = text.replacingOccurrences(of: Self.okLine, with: "  - {id: torque.ok, open-protocol: {\(ok)}}")
            .replacingOccurrences(of: Self.nokLine, with: "  - {id: torque.nok, open-protocol: {\(nok)}}")
        return Fixture.write(wired, "cell.yaml", in: Fixture.scratch())
    }

    /// The line of the torque.ok input in the demo cell (torque.nok is the next).
    func okLineNumber() throws -> Int {
        let text = try String(contentsOfFile: Fixture.path("Devices/demo-cell.yaml"), encoding: .utf8)
        return try #require(
            text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(of: "\(Self.okLine)"))
            + 1
    }

    @Test func bothResultsOfOneControllerAreRead() throws {
        let path = try demoCell(
            ok: "host: 10.0.4.21, keep-alive-s: 8, result: ok", nok: "host: 10.0.4.21, keep-alive-s: 8, result: nok")
        let (cell, _) = try CellFile.load(path: path).get()
        let ok = try #require(cell.input("torque.ok")?.source.settings(as: OpenProtocolInputSettings.self))
        #expect(ok == OpenProtocolInputSettings(host: "10.0.4.21", port: 4545, keepAliveSeconds: 8, result: .ok))
        let nok = try #require(cell.input("torque.nok")?.source.settings(as: OpenProtocolInputSettings.self))
        #expect(nok.result == .nok && nok.controller == "10.0.4.21:4545")
    }

    @Test func anIPv6AddressAndAPortAreRead() throws {
        let path = try demoCell(
            ok: #"host: "fd00::7", port: 4711, result: ok"#, nok: #"host: "fd00::7", port: 4711, result: nok"#)
        let (cell, _) = try CellFile.load(path: path).get()
        let ok = try #require(cell.input("torque.ok")?.source.settings(as: OpenProtocolInputSettings.self))
        #expect(ok.controller == "[fd00::7]:4711" && ok.keepAliveSeconds == nil)
    }

    /// Each bad value is reported at its own line and column, with what was expected.
    @Test func badValuesAreLocatedErrors() throws {
        let line = try okLineNumber()
        let nok = "host: 10.0.4.21, result: nok"
        // The settings of torque.ok, the text the error points at (on torque.nok's line for a second `nok`).
        let cases: [(ok: String, at: String, onNok: Bool, fragments: [String])] = [
            ("host: 10.0.4.21, port: 0, result: ok", "0,", false, ["port is 0, out of range", "expected 1 to 65535"]),
            ("host: 10.0.4.21, port: 65536, result: ok", "65536", false, ["port is 65536", "expected 1 to 65535"]),
            (#"host: "", result: ok"#, #""""#, false, ["host is empty"]),
            (
                "host: controller.local, result: ok", "controller.local", false,
                ["is not an IP address", "expected the controller's fixed"]
            ),
            ("host: 10.0.4.21, keep-alive-s: 0, result: ok", "0,", false, ["keep-alive-s is 0", "expected 1 to 60"]),
            ("host: 10.0.4.21, keep-alive-s: 61, result: ok", "61", false, ["keep-alive-s is 61", "expected 1 to 60"]),
            ("host: 10.0.4.21, result: okay", "okay", false, ["unknown open-protocol result 'okay'", "ok, nok"]),
            ("host: 10.0.4.21, result: nok", "nok}", true, ["result 'nok' of controller 10.0.4.21:4545 is already"]),
        ]
        for bad in cases {
            let errors = diagnostics(CellFile.load(path: try demoCell(ok: bad.ok, nok: nok)))
            let text =
                bad.onNok
                ? "  - {id: torque.nok, open-protocol: {\(nok)}}" : "  - {id: torque.ok, open-protocol: {\(bad.ok)}}"
            let column = try #require(text.range(of: bad.at, options: .backwards)).lowerBound.utf16Offset(in: text) + 1
            let at = bad.onNok ? line + 1 : line
            #expect(find(errors, at, column, bad.fragments[0]) != nil, "\(bad.ok) at \(at):\(column): \(errors)")
            for fragment in bad.fragments {
                #expect(errors.contains { $0.formatted.contains(fragment) }, "\(bad.ok): \(errors)")
            }
        }
    }

    @Test func aMissingResultIsAnError() throws {
        let errors = diagnostics(
            CellFile.load(path: try demoCell(ok: "host: 10.0.4.21", nok: "host: 10.0.4.21, result: nok")))
        #expect(errors.contains { $0.formatted.contains("result") && $0.line == (try? okLineNumber()) }, "\(errors)")
    }

    @Test func inputsOfOneControllerMustAgreeOnTheKeepAlive() throws {
        let errors = diagnostics(
            CellFile.load(
                path: try demoCell(
                    ok: "host: 10.0.4.21, keep-alive-s: 5, result: ok", nok: "host: 10.0.4.21, result: nok")))
        #expect(errors.contains { $0.formatted.contains("is the default here but 5 s at line") }, "\(errors)")
        let other = diagnostics(
            CellFile.load(
                path: try demoCell(
                    ok: "host: 10.0.4.21, keep-alive-s: 5, result: ok", nok: "host: 10.0.4.22, result: nok")))
        #expect(other.isEmpty, "two controllers may differ: \(other)")
    }
}
