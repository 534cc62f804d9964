import GRDB
import StepwiseCore

/// Mapping between `QualityRecord` and a `quality_record` row. Levels are stored by name, so
/// the file reads well in `sqlite3` and survives a renumbering of the enum.
extension QualityRecord {
    static let insertSQL = """
        INSERT INTO quality_record (at_ns, kind, cell, worker, instruction_set, version, content_hash,
            variant, cycle, step, level, previous_level, duration_s, input, detail,
            fault_device, fault_kind, reason, reason_count, reason_ratio, \(TighteningColumns.names))
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(TighteningColumns.placeholders))
        """

    var rowArguments: StatementArguments {
        let values: [(any DatabaseValueConvertible)?] =
            [
                Int64(clamping: at.nanoseconds), kind.rawValue, cell.rawValue, worker?.rawValue,
                instructionSet?.rawValue, version, contentHash, variant?.rawValue, cycle, step?.rawValue,
                level?.name, previousLevel?.name, durationSeconds, input?.rawValue, detail,
                faultDevice, faultKind?.rawValue, reason?.rawValue, reasonCount, reasonRatio,
            ] + TighteningColumns.values(tightening)
        return StatementArguments(values)
    }

    init(row: Row) throws {
        let id: Int64 = row["id"]
        let kindName: String = row["kind"]
        guard let kind = Kind(rawValue: kindName) else {
            throw LogError.unreadableRecord(id: id, reason: "unknown kind '\(kindName)'")
        }
        let atNs: Int64 = row["at_ns"]
        let cell: String = row["cell"]
        self.init(at: Instant(nanoseconds: UInt64(max(0, atNs))), kind: kind, cell: CellID(cell))
        worker = Self.text(row, "worker").map { WorkerPseudonym($0) }
        instructionSet = Self.text(row, "instruction_set").map { InstructionSetID($0) }
        version = Self.text(row, "version")
        contentHash = Self.text(row, "content_hash")
        variant = Self.text(row, "variant").map { VariantID($0) }
        cycle = row["cycle"] as Int?
        step = Self.text(row, "step").map { StepID($0) }
        level = try Self.level(Self.text(row, "level"), id: id)
        previousLevel = try Self.level(Self.text(row, "previous_level"), id: id)
        durationSeconds = row["duration_s"] as Double?
        input = Self.text(row, "input").map { InputID($0) }
        detail = Self.text(row, "detail")
        faultDevice = Self.text(row, "fault_device")
        // A kind or reason this version does not know (written by a newer one) reads as absent:
        // the record still counts, and its detail still reads.
        faultKind = Self.text(row, "fault_kind").flatMap(DeviceFault.Kind.init(rawValue:))
        reason = Self.text(row, "reason").flatMap(LevelChangeReason.init(rawValue:))
        reasonCount = row["reason_count"] as Int?
        reasonRatio = row["reason_ratio"] as Double?
        tightening = TighteningColumns.read(row)
    }

    private static func text(_ row: Row, _ column: String) -> String? { row[column] }

    private static func level(_ name: String?, id: Int64) throws -> GuidanceLevel? {
        guard let name else { return nil }
        guard let level = GuidanceLevel(name: name) else {
            throw LogError.unreadableRecord(id: id, reason: "unknown guidance level '\(name)'")
        }
        return level
    }
}
