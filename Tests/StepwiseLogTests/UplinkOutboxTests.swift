import Foundation
import StepwiseCore
import Testing

@testable import StepwiseLog

/// The station's side of the uplink without a server: records leave in row-id order after the
/// mark, the mark only moves forward, and retention never removes what the server has not got.
@Suite struct UplinkOutboxTests {
    static let start = Instant(seconds: 1_767_596_400)

    /// Six step records a second apart, in the car seat's "pick" step.
    static func sixRecords(into path: String) throws -> QualityLog {
        let log = try QualityLog(path: path)
        try log.append(
            (0..<6).map { second in
                QualityRecord(
                    at: start.adding(seconds: Double(second)), kind: .stepDone, cell: "c", worker: "w-1",
                    instructionSet: "car-seat", version: "1", step: "pick", level: .full, durationSeconds: 4)
            })
        return log
    }

    @Test func recordsLeaveInRowOrderAfterTheMarkWhichNeverMovesBack() throws {
        let scratch = try Scratch()
        let path = scratch.path("q.sqlite")
        _ = try Self.sixRecords(into: path)
        let outbox = try UplinkOutbox(path: path)
        #expect(try outbox.pending(limit: 4).map(\.localID) == [1, 2, 3, 4])
        try outbox.acknowledge(through: 4, at: Self.start.adding(seconds: 60))
        try outbox.acknowledge(through: 2, at: Self.start.adding(seconds: 61))  // a late, older answer
        #expect(try outbox.pending(limit: 10).map(\.localID) == [5, 6])
        let backlog = try outbox.backlog()
        #expect(backlog.acknowledgedThrough == 4)
        #expect(backlog.pending == 2)
        #expect(backlog.oldestPending == Self.start.adding(seconds: 4))
        #expect(backlog.lagSeconds(now: Self.start.adding(seconds: 14)) == 10)
    }

    @Test func retentionKeepsWhatTheServerHasNotAcknowledged() throws {
        let scratch = try Scratch()
        let path = scratch.path("q.sqlite")
        let log = try Self.sixRecords(into: path)
        let outbox = try UplinkOutbox(path: path)
        try outbox.acknowledge(through: 2, at: Self.start)
        #expect(try log.deleteRecords(before: Self.start.adding(seconds: 3600)) == 2)
        #expect(try outbox.pending(limit: 10).map(\.localID) == [3, 4, 5, 6])
        #expect(try log.records().count == 4)
    }

    @Test func theDashboardsRetentionFoldsAndDeletesOnlyAcknowledgedRecords() throws {
        let scratch = try Scratch()
        let path = scratch.path("q.sqlite")
        let log = try Self.sixRecords(into: path)
        try UplinkOutbox(path: path).acknowledge(through: 3, at: Self.start)
        let workshop = try SQLiteWorkshop(path: path)
        #expect(try workshop.applyRetention(before: Self.start.adding(seconds: 3600)) == 3)
        #expect(try workshop.stepDayTotals(instructionSet: "car-seat").map(\.runs) == [3])
        #expect(try log.records().count == 3)
    }

    @Test func aLogNoUplinkEverOpenedKeepsTheRetentionItHad() throws {
        let scratch = try Scratch()
        let path = scratch.path("q.sqlite")
        let log = try Self.sixRecords(into: path)
        _ = try UplinkOutbox(path: path, shipping: false).backlog()  // `uplink status` marks nothing
        #expect(try log.deleteRecords(before: Self.start.adding(seconds: 3600)) == 6)
    }
}
