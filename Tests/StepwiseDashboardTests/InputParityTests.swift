import Foundation
import StepwiseTestSupport
import Hummingbird
import HummingbirdTesting
import StepwiseCore
@testable import StepwiseDashboard
import Testing

/// What the command line refuses, the dashboard's forms refuse; stored text never drives a
/// terminal; paths are decoded; every response carries the security headers.
@Suite struct InputParityTests {
    static let hostileSets = [
        String(repeating: "a", count: 4096), "<script>alert(1)</script>",
        "led-streetlight (approved by works council)", "led\u{1B}]0;owned\u{07}", "car-seat-not-worked-on", "",
    ]

    @Test func theLimitsFormRefusesWhatTheCommandLineRefuses() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            for set in Self.hostileSets {
                let answer = try await cora.post(
                    "/workers/\(TraceLog.lamps)/controls",
                    [("set", set), ("floor", "hint"), ("ceiling", "full"), ("lock", ""), ("csrf", cora.csrf)])
                #expect(answer.status == .badRequest, "\(set.prefix(40))")
                #expect(!answer.body.contains("<script>") && !answer.body.contains("\u{1B}"))
                #expect(throws: CoachControlsError.self, "\(set.prefix(40))") {
                    try log.store.editControls(
                        worker: TraceLog.lamps, set: InstructionSetID(set), edit: CoachControlsEdit(floor: .hint),
                        actor: "cli:test", at: TraceLog.now)
                }
            }
        }
        #expect(try log.store.skills(of: TraceLog.lamps).isEmpty, "nothing stored")
        #expect(try log.store.auditEntries(worker: TraceLog.lamps).isEmpty, "nothing changed, nothing audited")
    }

    @Test func theSameNamesPassBothPaths() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            let answer = try await cora.post(
                "/workers/\(TraceLog.lamps)/controls",
                [("set", "led-streetlight"), ("floor", "hint"), ("ceiling", "full"), ("lock", ""), ("csrf", cora.csrf)])
            #expect(answer.status == .seeOther)
        }
        try log.store.editControls(
            worker: TraceLog.lamps, set: "car-seat", edit: CoachControlsEdit(ceiling: .hint), actor: "cli:test",
            at: TraceLog.now)
        #expect(try log.store.skills(of: TraceLog.lamps).map(\.instructionSet) == ["car-seat", "led-streetlight"])
    }

    @Test func terminalTextShowsControlsAndBidiOverridesAsCodes() {
        let attack = "set\u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}31m\u{202E}gnp.exe\u{2066}\r\t"
        let shown = TerminalText.escaped(attack)
        #expect(shown == "set\\u001B]0;pwned\\u0007\\u001B[2J\\u009B31m\\u202Egnp.exe\\u2066\\u000D\\u0009")
        #expect(shown.unicodeScalars.allSatisfy { !TerminalText.needsEscape($0) })
        #expect(TerminalText.lines("a\u{1B}\nb\u{7F}") == "a\\u001B\nb\\u007F")
        #expect(TerminalText.escaped("w-7f3a9c led-streetlight: Straße, 東京") == "w-7f3a9c led-streetlight: Straße, 東京")
        let json = try? JSONSerialization.jsonObject(
            with: Data("\"\(TerminalText.escaped("\u{202E}x"))\"".utf8), options: .fragmentsAllowed)
        #expect(json as? String == "\u{202E}x", "the escape is JSON's, so JSON output stays JSON")
    }

    @Test func pathParametersArePercentDecoded() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var cora = Browser(client: client)
            _ = try await cora.signIn("cora", TraceLog.password)
            let plain = try await cora.get("/sets/led-streetlight?table=hotspots&format=csv")
            let encoded = try await cora.get("/sets/led%2Dstreetlight?table=hotspots&format=csv")
            #expect(encoded.status == .ok && encoded.body == plain.body)
            #expect(try await cora.get("/workers/w%2D1a2b3c").status == .ok)
            #expect(try await cora.get("/sets/%FF%FE").status == .notFound)
        }
    }

    @Test func exportFileNamesCannotBreakTheHeader() async throws {
        let header = Reply.attachment("sets-a\"b;c\r\nSet-Cookie: x-straße-hotspots.csv")
        #expect(
            header.hasPrefix(
                "attachment; filename=\"sets-a_b_c__Set-Cookie__x-stra_e-hotspots.csv\"; filename*=UTF-8''"))
        #expect(header.hasSuffix("sets-a%22b%3Bc%0D%0ASet-Cookie%3A%20x-stra%C3%9Fe-hotspots.csv"))
        #expect(!header.contains("\r") && !header.contains("\n") && header.filter { $0 == "\"" }.count == 2)
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var erik = Browser(client: client)
            _ = try await erik.signIn("erik", TraceLog.password)
            let csv = try await erik.get("/sets/led%2Dstreetlight?table=hotspots&format=csv")
            #expect(
                csv.headers[.contentDisposition]
                    == "attachment; filename=\"sets-led-streetlight-hotspots.csv\"; filename*=UTF-8''sets-led-streetlight-hotspots.csv"
            )
        }
    }

    @Test func everyResponseCarriesTheSecurityHeadersErrorsToo() async throws {
        let log = try TraceLog()
        try await Application(router: log.dashboard().router()).test(.router) { client in
            var erik = Browser(client: client)
            let anonymous = try await erik.get("/no/such/page")
            _ = try await erik.signIn("erik", TraceLog.password)
            for page in [
                anonymous, try await erik.get("/no-such-page"), try await erik.get("/workers/w-1a2b3c"),
                try await erik.get("/cells"), try await erik.get("/login"), try await erik.get("/units/x/y"),
            ] {
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(page.status)")
                #expect(page.headers[.cacheControl] == "no-store")
                #expect(page.headers[HTTPFields.Element.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(page.headers[HTTPFields.Element.Name("Referrer-Policy")!] == "no-referrer")
            }
            #expect(anonymous.status == .notFound)
        }
    }

    @Test func userAssignTakesOnlyAPseudonymTheLogKnowsAndACoach() throws {
        let log = try TraceLog()
        #expect(throws: InputError.self) {
            try log.store.assign(worker: "w-1a2b3c; rm -rf", toCoach: "cole", newWorker: true)
        }
        #expect(throws: InputError.unknownWorker("w-999999")) {
            try log.store.assign(worker: "w-999999", toCoach: "cole", newWorker: false)
        }
        #expect(throws: DashboardError.self) {
            try log.store.assign(worker: "w-4d5e6f", toCoach: "nobody", newWorker: false)
        }
        try log.store.assign(worker: "w-4d5e6f", toCoach: "cole", newWorker: false)
        try log.store.assign(worker: "w-999999", toCoach: "cole", newWorker: true)
        #expect(try log.store.workers(ofCoach: "cole") == ["w-4d5e6f", "w-999999"])
    }
}

/// The `stepwise` tool as a coach runs it, for what it prints and the files it makes.
@Suite struct CommandLineInputTests {
    static let binary = TraceLog.root.appendingPathComponent(".build/debug/stepwise").path

    static func stepwise(_ arguments: [String], input: String = "") throws -> (status: Int32, out: Data, err: String) {
        let result = try ToolProcess.run(binary, arguments, input: input)
        return (result.status, result.stdout, result.stderr)
    }

    @Test func coachShowNeverPrintsControlCharacters() throws {
        let log = try TraceLog()
        // As the limits form stored any set name before it checked them.
        try log.quality.saveControls(
            CoachControls(floor: .hint), worker: TraceLog.lamps,
            instructionSet: "x\u{1B}]0;owned\u{07}\u{1B}[2J\u{202E}")
        let result = try Self.stepwise(["coach", "show", TraceLog.lamps.rawValue, "--db", log.path])
        #expect(result.status == 0, "\(result.err)")
        let text = String(decoding: result.out, as: UTF8.self)
        #expect(text.contains("x\\u001B]0;owned\\u0007\\u001B[2J\\u202E"), "\(text)")
        #expect(!result.out.contains(0x1B) && !result.out.contains(0x07))
        #expect(!text.unicodeScalars.contains("\u{202E}"))
    }

    @Test func reportAndUserListNeverPrintControlCharacters() throws {
        let log = try TraceLog()
        var records = try TraceLog.records("car-seat.trace", start: TraceLog.day.adding(seconds: 7200))
        for i in records.indices where records[i].instructionSet != nil {
            records[i].instructionSet = "seat\u{1B}[2J\u{202E}"
        }
        try log.quality.append(records)
        for arguments in [["report"], ["report", "--json"], ["user", "list"]] {
            let result = try Self.stepwise(arguments + ["--db", log.path])
            #expect(result.status == 0, "\(arguments): \(result.err)")
            let text = String(decoding: result.out, as: UTF8.self)
            #expect(!result.out.contains(0x1B) && !text.unicodeScalars.contains("\u{202E}"), "\(arguments)")
            if arguments == ["report"] { #expect(text.contains("seat\\u001B[2J\\u202E"), "\(arguments): \(text)") }
        }
    }

    @Test func coachSetAndUserAssignRefuseWhatIsNoName() throws {
        let log = try TraceLog()
        let set = try Self.stepwise([
            "coach", "set", TraceLog.lamps.rawValue, "--set", "<script>\u{1B}[2J", "--floor", "hint",
            "--db", log.path,
        ])
        #expect(set.status == 1 && set.err.contains("not a valid instruction set id") && !set.err.contains("\u{1B}"))
        let assign = try Self.stepwise(["user", "assign", "cole", "w-4d5e6f\u{1B}[2J", "--db", log.path])
        #expect(
            assign.status == 1 && assign.err.contains("not a valid worker pseudonym") && !assign.err.contains("\u{1B}"))
        #expect(try Self.stepwise(["user", "assign", "cole", "w-999999", "--db", log.path]).status == 1)
        #expect(try Self.stepwise(["user", "assign", "cole", "w-4d5e6f", "--db", log.path]).status == 0)
        #expect(try log.store.workers(ofCoach: "cole") == [TraceLog.seats])
    }

    @Test func filesTheToolCreatesAreForItsUserOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "stepwise-modes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("new.sqlite").path
        let result = try Self.stepwise(
            [
                "simulate", TraceLog.root.appendingPathComponent("WorkInstructions/led-streetlight.yaml").path,
                "--cell", TraceLog.root.appendingPathComponent("Devices/demo-cell.yaml").path,
                "--trace",
                TraceLog.root.appendingPathComponent("WorkInstructions/traces/led-streetlight-40w.trace").path,
                "--db", db,
            ])
        #expect(result.status == 0, "\(result.err)")
        let made = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!made.isEmpty)
        for name in made {
            let mode =
                try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[
                    .posixPermissions] as? Int
            #expect(mode.map { $0 & 0o077 } == 0, "\(name): \(String(mode ?? -1, radix: 8))")
        }
    }
}
