import StepwiseCore
import Testing

@testable import StepwiseLog

/// Central erasures applied to a station's log: once per erasure, the other workers untouched,
/// a worker who comes back afterwards keeps their new records.
@Suite struct TombstoneTests {
    static let start = Instant(seconds: 1_767_596_400)

    static func record(_ worker: String, at seconds: Double) -> QualityRecord {
        QualityRecord(
            at: start.adding(seconds: seconds), kind: .help, cell: CellID("bench-a"), worker: WorkerPseudonym(worker))
    }

    @Test func appliesOncePerErasureAndSparesOthers() throws {
        let scratch = try Scratch()
        let log = try QualityLog(path: scratch.path("q.sqlite"))
        try log.append([Self.record("w-gone01", at: 1), Self.record("w-stay01", at: 2)])
        let erasure = Tombstone(worker: WorkerPseudonym("w-gone01"), erasedAt: Self.start.adding(seconds: 10))
        #expect(try log.apply([erasure]) == [erasure])
        #expect(try log.records().compactMap(\.worker) == [WorkerPseudonym("w-stay01")])
        // The worker comes back (same pseudonym under a site key): the old erasure does not take the new work.
        try log.append([Self.record("w-gone01", at: 20)])
        #expect(try log.apply([erasure]).isEmpty)
        #expect(try log.records().count == 2)
        // A later erasure of the same worker applies again.
        let again = Tombstone(worker: erasure.worker, erasedAt: Self.start.adding(seconds: 30))
        #expect(try log.apply([again]) == [again])
        #expect(try log.records().compactMap(\.worker) == [WorkerPseudonym("w-stay01")])
    }
}
