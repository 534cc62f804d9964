import StepwiseTestSupport
import Foundation
import StepwiseCore
import StepwiseLog
import StepwiseRuntime
import Testing

/// `stepwise simulate` keeps a worker's skills across logins as the daemon does through its log:
/// levels, mastery, cycle count and the time of the last practice (for absence and warm-up).
@Suite struct SimulateSkillsTests {
    static let shipped = Repository.path("WorkInstructions/traces/led-streetlight-40w.trace")

    static func definitions() throws -> Definitions {
        try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"),
            instructionsPath: Repository.path("WorkInstructions/led-streetlight.yaml")
        ).get()
    }

    /// The shipped trace's five cycles (guidance fades to hint), then, `gap` seconds after its
    /// end, the same worker again for one clean cycle (the shipped trace's second one).
    static func twoSessions(gap: Double) throws -> String {
        let text = try String(contentsOfFile: shipped, encoding: .utf8)
        let events = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        let end = try #require(events.last.flatMap { Double($0.split(separator: " ")[0]) })
        let back = end + gap
        let cycle = events.compactMap { line -> String? in
            let words = line.split(separator: " ")
            guard let t = Double(words[0]), (140.9...220.1).contains(t) else { return nil }
            return "\(back + 2 + t - 140.9) \(words.dropFirst().joined(separator: " "))"
        }
        return text + "\n\(back) badge DEMO-0001\n\(back + 1) scan LSL-40\n" + cycle.joined(separator: "\n")
            + "\n\(back + 100) logout\n"
    }

    static func records(gap: Double) throws -> (first: [QualityRecord], second: [QualityRecord]) {
        let trace = try Trace(parsing: twoSessions(gap: gap))
        let records = SimulatedRun.records(definitions: try definitions(), trace: trace)
        let secondLogin = try #require(records.lastIndex { $0.kind == .login })
        return (Array(records[..<secondLogin]), Array(records[secondLogin...]))
    }

    @Test func theCycleCountGoesOnAfterALogin() throws {
        let (first, second) = try Self.records(gap: 3600)
        #expect(first.filter { $0.kind == .cycleDone }.compactMap(\.cycle) == [1, 2, 3, 4, 5])
        #expect(second.first { $0.kind == .variantSelected }?.cycle == 6)
        #expect(second.filter { $0.kind == .cycleDone }.compactMap(\.cycle) == [6])
    }

    @Test func anHourAwayTheLevelsGoOnWhereTheyWere() throws {
        let (first, second) = try Self.records(gap: 3600)
        let faded = Set(first.filter { $0.kind == .levelChanged && $0.level == .hint }.compactMap(\.step))
        #expect(faded.count > 5, "the first session fades guidance")
        let started = second.filter { $0.kind == .stepStarted && $0.cycle == 6 }
        #expect(
            Set(started.filter { $0.level == .hint }.compactMap(\.step)) == faded, "not a new worker at full guidance")
        // Every faded step is solid (mastery near 100 %): an hour away asks for no warm-up and no raise.
        #expect(!second.contains { $0.kind == .levelChanged && $0.cycle == 6 })
    }

    @Test func twentyDaysAwayRaiseEveryFadedStepAtLogin() throws {
        let (first, second) = try Self.records(gap: 20 * 86_400)
        let faded = Set(first.filter { $0.kind == .levelChanged && $0.level == .hint }.compactMap(\.step))
        let absence = second.filter {
            $0.kind == .levelChanged && $0.detail?.hasSuffix("days since last practice") == true
        }
        #expect(Set(absence.compactMap(\.step)) == faded)
        #expect(absence.allSatisfy { $0.previousLevel == .hint && $0.at == second[0].at })
    }

    /// With `--db`, the skills learned are stored, and the next run starts from them.
    @Test func aQualityLogCarriesSkillsFromOneRunToTheNext() throws {
        let dir = try Repository.scratch()
        let db = dir.appendingPathComponent("q.sqlite").path
        let later = dir.appendingPathComponent("later.trace")
        // The next run starts at the same fixed instant: 20 days on is 1,728,000 s into it.
        try "1728000 badge DEMO-0001\n1728001 scan LSL-40\n1728100 logout\n".write(
            to: later, atomically: true, encoding: .utf8)
        let args = [
            "simulate", "WorkInstructions/led-streetlight.yaml", "--cell", "Devices/demo-cell.yaml", "--db", db,
            "--trace",
        ]
        let first = try CommandLineTests.stepwise(args + [Self.shipped])
        #expect(first.status == 0, "\(first.stderr)")
        let stored = try QualityLog(path: db).storedProfiles()
        #expect(stored[WorkerPseudonym("w-sim-1")]?.skills.first?.cycles == 5)
        let second = try CommandLineTests.stepwise(args + [later.path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("days since last practice"), "\(second.stdout)")
        let selected = second.stdout.split(separator: "\n").first { $0.contains("variant-selected") }
        #expect(selected?.hasSuffix("cycle 6") == true, "\(second.stdout)")
    }
}
