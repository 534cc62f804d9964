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

    /// The columns `init(row:)` reads, in the order it reads them: select with this list, never
    /// `*`, so a row is read by position (a look-up by name costs a case-insensitive search per field,
    /// which was most of the uplink's and the pages' time reading long logs).
    static let readColumns = """
        id, at_ns, kind, cell, worker, instruction_set, version, content_hash, variant, cycle, step, level,
        previous_level, duration_s, input, detail, fault_device, fault_kind, reason, reason_count, reason_ratio,
        \(TighteningColumns.names)
        """

    /// A row selected with `readColumns`.
    init(row: Row) throws {
        let id: Int64 = row[0]
        let kindName: String = row[2]
        guard let kind = Kind(rawValue: kindName) else {
            throw LogError.unreadableRecord(id: id, reason: "unknown kind '\(kindName)'")
        }
        let atNs: Int64 = row[1]
        let cell: String = row[3]
        self.init(at: Instant(nanoseconds: UInt64(max(0, atNs))), kind: kind, cell: CellID(cell))
        worker = (row[4] as String?).map { WorkerPseudonym($0) }
        instructionSet = (row[5] as String?).map { InstructionSetID($0) }
        version = row[6]
        contentHash = row[7]
        variant = (row[8] as String?).map { VariantID($0) }
        cycle = row[9] as Int?
        step = (row[10] as String?).map { StepID($0) }
        level = try Self.level(row[11], id: id)
        previousLevel = try Self.level(row[12], id: id)
        durationSeconds = row[13] as Double?
        input = (row[14] as String?).map { InputID($0) }
        detail = row[15]
        faultDevice = row[16]
        // A kind or reason this version does not know (written by a newer one) reads as absent:
        // the record still counts, and its detail still reads.
        faultKind = (row[17] as String?).flatMap(DeviceFault.Kind.init(rawValue:))
        reason = (row[18] as String?).flatMap(LevelChangeReason.init(rawValue:))
        reasonCount = row[19] as Int?
        reasonRatio = row[20] as Double?
        tightening = TighteningColumns.read(row, from: 21)
    }

    private static func level(_ name: String?, id: Int64) throws -> GuidanceLevel? {
        guard let name else { return nil }
        guard let level = GuidanceLevel(name: name) else {
            throw LogError.unreadableRecord(id: id, reason: "unknown guidance level '\(name)'")
        }
        return level
    }
}
