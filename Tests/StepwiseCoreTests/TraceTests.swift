import Testing
@testable import StepwiseCore

@Suite struct TraceTests {
    @Test func parsesEveryLineKind() throws {
        let text = """
            # a morning
            0 badge 4711
            1.5  scan V4   # comment after
            2 select bracket four

            3 bin-a.pick
            3.5 bin-a.pick fall
            4 help
            5 confirm
            6 fault usb-io sensor Pick sensors do not answer  # why
            7 fault-cleared usb-io
            8 select simple
            9 logout
            """
        let trace = try Trace(parsing: text)
        #expect(
            trace.entries.map(\.action) == [
                .badge("4711"), .scan("V4"), .select("bracket", "four"), .input("bin-a.pick", .rise),
                .input("bin-a.pick", .fall), .help, .confirm,
                .fault(DeviceFault(device: "usb-io", kind: .sensor, message: "Pick sensors do not answer")),
                .faultCleared("usb-io"), .select("simple", nil), .logout,
            ])
        #expect(trace.entries.map(\.line) == [2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13])
        #expect(trace.entries[1].seconds == 1.5)
    }

    func error(_ text: String) -> TraceError? {
        do {
            _ = try Trace(parsing: text, file: "t.trace")
            return nil
        } catch { return error }
    }

    @Test func badTimeIsLocated() {
        let e = error("0 badge 1\n  x bin-a.pick")
        #expect(
            e
                == TraceError(
                    file: "t.trace", line: 2, column: 3,
                    message: "'x' is not a time; expected seconds since trace start (e.g. 12.5)"))
        #expect(e?.description.hasPrefix("t.trace:2:3: error: 'x' is not a time; expected") == true)
    }

    @Test func timeGoingBackIsAnError() {
        let e = error("5 help\n4 help")
        #expect(e?.line == 2 && e?.column == 1)
        #expect(e?.message.contains("goes back") == true)
        #expect(error("-1 help")?.line == 1)
    }

    @Test func badEdgeAndExtraWordsAreLocated() {
        let edge = error("1 bin-a.pick up")
        #expect(edge?.column == 14 && edge?.message == "unknown edge 'up'; expected rise or fall")
        let extra = error("1 help now")
        #expect(extra?.column == 8 && extra?.message.contains("expected nothing after help") == true)
        let select = error("1 select a b c")
        #expect(select?.column == 14)
    }

    @Test func missingArgumentsAreLocatedAtTheEnd() {
        let badge = error("1 badge")
        #expect(badge?.column == 8 && badge?.message == "missing a badge id; expected 'badge <a badge id>'")
        let event = error("12")
        #expect(event?.column == 3 && event?.message.contains("expected an input id") == true)
        #expect(error("1 fault usb-io oops broken")?.message.contains("unknown fault kind 'oops'") == true)
    }

    @Test func entriesBecomeStationEvents() throws {
        let trace = try Trace(parsing: "0 badge 42\n1 bin-a.pick\n2 bin-a.pick fall\n3 scan V6")
        let skill = WorkerSkill(worker: "p-42", instructionSet: "bracket")
        let events = trace.entries.map {
            $0.event(pseudonym: { WorkerPseudonym("p-\($0)") }, skill: { $0 == "p-42" ? skill : nil })
        }
        #expect(events == [.login("p-42", skill: skill), .activated("bin-a.pick"), nil, .scanned("V6")])
    }
}
