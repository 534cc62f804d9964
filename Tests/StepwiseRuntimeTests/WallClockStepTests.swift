import Foundation
import StepwiseCore
import StepwiseFormats
import StepwiseDevices
import StepwiseLog
import StepwiseRuntime
import StepwiseTestSupport
import Synchronization
import Testing

/// One time base: the station runs on monotonic time, and wall time is attached to each record as
/// it is handed to the log. A wall clock stepped by an hour (and back ten minutes) in the middle of
/// a cycle moves the records' times with it, and nothing else: not a duration, not a hesitation
/// deadline, not a level.
@Suite struct WallClockStepTests {
    struct Run {
        /// As handed to the log, in order.
        var records: [QualityRecord]
        /// As the log holds them.
        var logged: [QualityRecord]
        /// Per step, the machine's next deadline (station time).
        var deadlines: [Instant?]
        /// Per record, the wall step in force when it was handed over.
        var offsets: [Double]
    }

    /// One cycle of the demo cell's first set, 2 s per event and a hesitation in the middle; the
    /// wall clock is stepped by `steps[i]` seconds before event `i`.
    func run(_ name: String, steps: [Int: Double] = [:], wallBackPerRead: UInt64 = 0) throws -> Run {
        let dir = try Repository.scratch(name)
        var definitions = try Definitions.load(
            cellPath: Repository.path("Devices/demo-cell.yaml"), instructionsPath: Repository.path("WorkInstructions")
        ).get()
        definitions.cell.projector.framebuffer?.target = .file(path: dir.appendingPathComponent("fb.raw").path)
        definitions.cell.outputs = []
        let log = try QualityLog(path: dir.appendingPathComponent("q.sqlite").path)
        let writer = QualityLogWriter(log: log, onFault: { _ in })
        let clocks = ManualClocks()
        let clock = StationClock(readings: Self.slewing(clocks.readings, backPerRead: wallBackPerRead))
        let station = try StationRuntime(
            definitions: definitions, baseDirectory: dir.path, writer: writer,
            lamps: LampOutputs(cell: definitions.cell), mirror: nil, clock: clock)
        let set = definitions.instructionSets[0]
        let variant = set.variants.first?.id
        var events: [StationEvent] = [.login(WorkerPseudonym("w-ntp"), skills: []), .select(set.id, variant: variant)]
        for step in set.stages(for: variant).flatMap(\.steps) {
            events += Activations.completing(step.completion).map { .activated($0) }
        }
        var result = Run(records: [], logged: [], deadlines: [], offsets: [])
        var wallStep = 0.0
        station.start(at: clock.now())
        for (index, event) in events.enumerated() {
            if let step = steps[index] {
                clocks.stepWall(seconds: step)
                wallStep += step
            }
            clocks.advance(seconds: 2)
            var step = station.handle(event, at: clock.now())
            // Halfway, the worker hesitates until the machine's deadline comes.
            if index == events.count / 2, let due = step.wakeUp {
                clocks.advance(seconds: due.seconds(since: clock.now()) + 0.5)
                result.offsets += step.records.map { _ in wallStep }
                result.records += step.records
                result.deadlines.append(step.wakeUp)
                step = station.handle(.deadline, at: clock.now())
            }
            result.offsets += step.records.map { _ in wallStep }
            result.records += step.records
            result.deadlines.append(step.wakeUp)
        }
        writer.flush()
        result.logged = try log.records()
        _ = writer.close()
        return result
    }

    /// Readings whose wall clock goes back `backPerRead` ns at every read (a slewing clock seen
    /// between two reads within one event).
    static func slewing(_ readings: StationClock.Readings, backPerRead: UInt64) -> StationClock.Readings {
        let reads = Atomic<UInt64>(0)
        return StationClock.Readings(
            monotonic: readings.monotonic,
            wall: {
                let count = reads.wrappingAdd(1, ordering: .relaxed).newValue
                return Instant(nanoseconds: readings.wall().nanoseconds &- count &* backPerRead)
            })
    }

    @Test func theRecordsOfOneEventKeepTheirOrderWhileTheWallClockMoves() throws {
        let run = try run("slewing", wallBackPerRead: 1_000)
        #expect(run.records.count > 10)
        for (earlier, later) in zip(run.records, run.records.dropFirst()) {
            #expect(earlier.at <= later.at, "\(later.kind) comes out before the \(earlier.kind) it follows")
        }
    }

    /// A record without its wall time, for comparing runs.
    func timeless(_ record: QualityRecord) -> QualityRecord {
        var record = record
        record.at = Instant(nanoseconds: 0)
        return record
    }

    @Test func aSteppedWallClockMovesOnlyTheRecordsTimes() throws {
        let steady = try run("steady")
        #expect(steady.deadlines.contains { $0 != nil }, "the cycle has hesitation deadlines")
        #expect(steady.records.contains { $0.durationSeconds != nil }, "the cycle has step durations")
        // An hour forward after the select, ten minutes back two events before the end.
        let count = steady.deadlines.count - 1
        let stepped = try run("stepped", steps: [2: 3600, count - 2: -600])
        #expect(stepped.deadlines == steady.deadlines, "deadlines are station time")
        #expect(stepped.records.map(timeless) == steady.records.map(timeless), "durations, levels, kinds unchanged")
        #expect(Set(stepped.offsets) == [0, 3600, 3000])
        #expect(Set(stepped.logged) == Set(stepped.records), "the log holds the records with their wall times")
        #expect(stepped.logged.count == stepped.records.count)
        for (index, (moved, kept)) in zip(stepped.records, steady.records).enumerated() {
            let shift = Double(Int64(bitPattern: moved.at.nanoseconds &- kept.at.nanoseconds)) / 1e9
            #expect(shift == stepped.offsets[index], "record \(index) (\(moved.kind)) follows the wall clock")
        }
    }
}
