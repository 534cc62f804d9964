import Foundation
import StepwiseCore
import StepwiseLog

/// One worker's history: learning curve, guidance changes with reasons, and trouble per step.
/// Pure: built from that worker's records, oldest first.
public struct WorkerHistory: Sendable, Equatable {
    /// A completed cycle: the learning curve's points.
    public struct Cycle: Sendable, Equatable {
        public var instructionSet: InstructionSetID
        public var number: Int
        public var seconds: Double
        public var at: Instant
        public var cell: CellID
    }

    public var worker: WorkerPseudonym
    public var cycles: [Cycle]
    public var records: [QualityRecord]

    public init(worker: WorkerPseudonym, records: [QualityRecord]) {
        self.worker = worker
        self.records = records
        cycles = records.compactMap { r in
            guard r.kind == .cycleDone, let set = r.instructionSet, let seconds = r.durationSeconds else { return nil }
            return Cycle(instructionSet: set, number: r.cycle ?? 0, seconds: seconds, at: r.at, cell: r.cell)
        }
    }

    /// Sets the worker has records in, sorted.
    public var instructionSets: [InstructionSetID] {
        Array(Set(records.compactMap(\.instructionSet))).sorted()
    }

    /// The comparison line of the learning curve: the median of the last `last` cycles. The log
    /// holds no target times (they live in the instruction set), so this is the worker's own
    /// recent pace, not the set's target.
    public func recentMedian(of set: InstructionSetID, last: Int = 5) -> Double? {
        Format.median(cycles.filter { $0.instructionSet == set }.suffix(last).map(\.seconds))
    }

    var cycleTable: DataTable {
        DataTable(
            id: "cycles", title: "Cycles",
            columns: ["cycle (quality record)", "instruction set", "finished (UTC)", "cell", "cycle time"],
            rows: cycles.map {
                [
                    "cycle \($0.number)", $0.instructionSet.rawValue, Format.time($0.at), $0.cell.rawValue,
                    Format.seconds($0.seconds),
                ]
            },
            links: cycles.map { Links.unit(cell: $0.cell, at: $0.at) })
    }

    var levelTable: DataTable {
        let changes = records.filter { $0.kind == .levelChanged }
        return DataTable(
            id: "guidance", title: "Guidance level over time, with the reasons",
            columns: ["when (UTC)", "instruction set", "step", "from", "to", "reason"],
            rows: changes.map {
                [
                    Format.time($0.at), $0.instructionSet?.rawValue ?? "–", $0.step?.rawValue ?? "all steps",
                    $0.previousLevel?.name ?? "–", $0.level?.name ?? "–", RecordFormat.explanation($0) ?? "–",
                ]
            })
    }

    var stepTable: DataTable {
        let tallies = StepTally.build(records)
        return DataTable(
            id: "steps", title: "Errors and help per step",
            columns: [
                "instruction set", "step", "runs", "median time", "wrong actions", "hesitations", "help",
                "by hand",
            ],
            rows: tallies.map {
                [
                    $0.instructionSet.rawValue, $0.step.rawValue, "\($0.runs)", Format.seconds(Format.median($0.times)),
                    "\($0.wrongActions)", "\($0.hesitations)", "\($0.help)", "\($0.byHand)",
                ]
            })
    }
}

/// Counts per set and step, in the order steps first appear (the work order).
struct StepTally: Equatable {
    var instructionSet: InstructionSetID
    var version: String
    var step: StepID
    var runs = 0
    var times: [Double] = []
    var wrongActions = 0
    var hesitations = 0
    var help = 0
    var byHand = 0

    var trouble: Int { wrongActions + hesitations + help + byHand }

    static func build(_ records: [QualityRecord], byVersion: Bool = false) -> [StepTally] {
        var order: [String] = []
        var tallies: [String: StepTally] = [:]
        for r in records {
            guard let set = r.instructionSet, let step = r.step else { continue }
            let version = byVersion ? (r.version ?? "-") : ""
            let key = "\(set.rawValue)|\(version)|\(step.rawValue)"
            if tallies[key] == nil {
                order.append(key)
                tallies[key] = StepTally(instructionSet: set, version: version, step: step)
            }
            switch r.kind {
            case .stepDone:
                tallies[key]!.runs += 1
                tallies[key]!.times.append(r.durationSeconds ?? 0)
            case .wrongAction: tallies[key]!.wrongActions += 1
            case .hesitation: tallies[key]!.hesitations += 1
            case .help: tallies[key]!.help += 1
            case .confirmedByHand: tallies[key]!.byHand += 1
            default: break
            }
        }
        return order.map { tallies[$0]! }
    }
}

/// Paths of the dashboard's pages, in one place.
enum Links {
    static func worker(_ worker: WorkerPseudonym) -> String { "/workers/\(escapePath(worker.rawValue))" }
    static func set(_ set: InstructionSetID) -> String { "/sets/\(escapePath(set.rawValue))" }
    static func unit(cell: CellID, at: Instant) -> String { "/units/\(escapePath(cell.rawValue))/\(at.nanoseconds)" }

    static func escapePath(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(.init(charactersIn: "/?#")))
            ?? text
    }
}
