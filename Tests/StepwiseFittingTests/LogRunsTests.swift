import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFitting

@Suite struct LogRunsTests {
    static let epoch = 1_700_000_000.0

    static func record(
        _ kind: QualityRecord.Kind, _ at: Double, worker: String = "w1", set: String = "belt", step: String? = nil,
        level: GuidanceLevel? = nil, duration: Double? = nil
    ) -> QualityRecord {
        QualityRecord(
            at: Instant(seconds: epoch + at), kind: kind, cell: "cell", worker: WorkerPseudonym(worker),
            instructionSet: InstructionSetID(set), step: step.map { StepID($0) }, level: level,
            durationSeconds: duration)
    }

    /// One session of two runs of `a`: the first with help and a wrong action, the second clean.
    static let twoRuns = [
        record(.login, 0), record(.stepStarted, 0, step: "a", level: .hint), record(.help, 3, step: "a", level: .hint),
        record(.wrongAction, 5, step: "a", level: .full), record(.stepDone, 10, step: "a", level: .full, duration: 10),
        record(.stepStarted, 12, step: "a", level: .location),
        record(.stepDone, 20, step: "a", level: .location, duration: 8),
        record(.logout, 30), record(.login, 2 * 86_400),
        record(.stepStarted, 2 * 86_400 + 1, step: "a", level: .silent),
        record(.stepDone, 2 * 86_400 + 9, step: "a", level: .silent, duration: 8),
    ]

    @Test func runsCarryTheHelpThatReachedTheWorkerTheErrorAndTheDaysAway() throws {
        let runs = try LogRuns(records: Self.twoRuns)
        let a = try #require(runs.steps.first?.workers.first?.runs)
        #expect(a.count == 3)
        #expect(a[0].level == .full && a[0].shown == .hint && a[0].help && a[0].error)
        #expect(a[1].level == .location && !a[1].help && !a[1].error && a[1].seconds == 8)
        #expect(abs(a[2].daysAway - (2 * 86_400 - 30) / 86_400.0) < 1e-9)
        #expect(a[1].daysAway == 0)
        #expect(runs.sessions["w1"]?.count == 2)
    }

    @Test func badLogsAreRefusedWithAReason() {
        #expect(throws: FitError.emptyLog) { try LogRuns(records: []) }
        #expect(throws: FitError.unknownSet("other", known: ["belt"])) {
            try LogRuns(records: Self.twoRuns, set: "other")
        }
        let two = Self.twoRuns + [Self.record(.stepDone, 40, set: "seat", step: "a", duration: 3)]
        #expect(throws: FitError.severalSets(["belt", "seat"])) { try LogRuns(records: two) }
        #expect((try? LogRuns(records: two, set: "seat")) != nil)
        let nan = Self.twoRuns + [Self.record(.stepDone, 40, step: "a", duration: .nan)]
        #expect(throws: FitError.self) { try LogRuns(records: nan) }
        #expect(throws: FitError.tooFewWorkers(1, needed: 2)) {
            try WorkshopFit.fit(try LogRuns(records: Self.twoRuns))
        }
    }
}
