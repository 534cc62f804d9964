import StepwiseCore
import StepwiseLog

/// What a cell is doing now, from its newest records.
public struct CellStatus: Sendable, Equatable {
    public var cell: CellID
    public var worker: WorkerPseudonym?
    public var instructionSet: InstructionSetID?
    public var step: StepID?
    public var level: GuidanceLevel?
    public var cycle: Int?
    /// Device faults raised and not yet cleared, by device.
    public var faults: [OpenFault]
    public var lastEvent: Instant

    /// One status per cell seen in `records` (oldest first), sorted by cell. Pure.
    public static func build(_ records: [QualityRecord]) -> [CellStatus] {
        var statuses: [CellID: CellStatus] = [:]
        var faults: [CellID: [String: OpenFault]] = [:]
        for record in records {
            var status = statuses[record.cell] ?? CellStatus(cell: record.cell, faults: [], lastEvent: record.at)
            status.lastEvent = record.at
            switch record.kind {
            case .login:
                status.worker = record.worker
                status.step = nil
                status.instructionSet = nil
            case .logout: status = CellStatus(cell: record.cell, faults: [], lastEvent: record.at)
            case .stepStarted:
                status.step = record.step
                status.level = record.level
                status.instructionSet = record.instructionSet
                status.cycle = record.cycle
            case .levelChanged where record.step == status.step: status.level = record.level
            case .cycleDone: status.step = nil
            case .fault:
                let fault = OpenFault(record)
                faults[record.cell, default: [:]][fault.device] = fault
            // A log whose old text did not read as a fault names the device in the detail alone.
            case .faultCleared: faults[record.cell]?[record.faultDevice ?? record.detail ?? ""] = nil
            default: break
            }
            statuses[record.cell] = status
        }
        return statuses.keys.sorted().map { cell in
            var status = statuses[cell]!
            status.faults = (faults[cell] ?? [:]).keys.sorted().map { faults[cell]![$0]! }
            return status
        }
    }

    /// The status table for `access`. What a cell is doing identifies the person working there,
    /// so the worker, step, guidance level, cycle and time show only on rows of the reader's own
    /// workers (a coach's); everyone else sees whether a cell is in use, its set and its faults.
    static func table(_ statuses: [CellStatus], for access: Access) -> DataTable {
        let faults = { (s: CellStatus) in s.faults.isEmpty ? "none" : s.faults.map(\.text).joined(separator: "; ") }
        let state = { (s: CellStatus) in s.worker == nil ? "idle" : "in use" }
        guard access.role == .coach else {
            return DataTable(
                id: "cells", title: "One row per cell", columns: ["cell", "faults", "state", "set"],
                rows: statuses.map { [$0.cell.rawValue, faults($0), state($0), $0.instructionSet?.rawValue ?? "–"] })
        }
        return DataTable(
            id: "cells", title: "One row per cell",
            // Faults right after the cell: on a narrow tablet they must not scroll out of sight.
            columns: [
                "cell", "faults", "state", "worker", "current step", "guidance", "cycle", "set", "last event (UTC)",
            ],
            rows: statuses.map { s in
                guard let worker = s.worker, access.mayReadWorker(worker) else {
                    return [
                        s.cell.rawValue, faults(s), state(s), "–", "–", "–", "–", s.instructionSet?.rawValue ?? "–",
                        "–",
                    ]
                }
                return [
                    s.cell.rawValue, faults(s), state(s), worker.rawValue, s.step?.rawValue ?? "–",
                    s.level?.name ?? "–", s.cycle.map(String.init) ?? "–", s.instructionSet?.rawValue ?? "–",
                    Format.time(s.lastEvent),
                ]
            })
    }
}

/// A device fault a cell raised and has not cleared, from the record's typed fields.
public struct OpenFault: Sendable, Equatable {
    public var device: String
    /// Nil for a record of an older log whose text did not say.
    public var kind: DeviceFault.Kind?
    public var message: String?

    init(_ record: QualityRecord) {
        device = record.faultDevice ?? record.detail ?? "fault"
        kind = record.faultKind
        message = record.faultDevice == nil ? nil : record.detail
    }

    /// "gpiochip0 line 17 (sensor): line does not answer".
    public var text: String {
        device + (kind.map { " (\($0.rawValue))" } ?? "") + (message.map { ": \($0)" } ?? "")
    }
}
